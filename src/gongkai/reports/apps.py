from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"
    staff_nav = [("年度报告", "reports:list")]
    public_nav = [("年度报告", "reports_public:list"), ("年报审核", "audit:index")]

    def workbench_panel(self, request):
        from gongkai.reports.panel import panel

        return panel(request)
