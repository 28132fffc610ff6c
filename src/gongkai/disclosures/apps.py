from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "gongkai.disclosures"
    verbose_name = "主动公开"
    staff_nav = [
        ("主动公开台账", "disclosures:list", ["officer", "reviewer", "secrecy_reviewer", "leader", "supervisor"]),
        ("公开审核", "disclosures:queue", ["reviewer", "secrecy_reviewer", "leader"]),
        ("超期公开", "disclosures:late", ["officer", "reviewer", "leader", "supervisor"]),
        ("公开目录与指南", "disclosures:catalogue_home", ["officer", "reviewer", "leader"]),
    ]
    public_nav = [("政府信息公开", "disclosures_public:index"), ("信息检索", "disclosures_public:search")]

    def ready(self):
        from gongkai.disclosures import receivers  # noqa: F401

    def workbench_panel(self, request):
        from gongkai.disclosures.views_staff import workbench_panel

        return workbench_panel(request)
