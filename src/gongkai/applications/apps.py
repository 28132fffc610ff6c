from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"
    staff_nav = [("依申请公开", "applications:queue")]
    public_nav = [("申请公开", "applications_public:apply"), ("申请查询", "applications_public:status")]

    def ready(self) -> None:
        from gongkai.applications.receivers import on_calendar_changed
        from gongkai.workcalendar.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="applications.recompute_deadlines")

    def workbench_panel(self, request):
        from gongkai.applications.panel import workbench_panel

        return workbench_panel(request)
