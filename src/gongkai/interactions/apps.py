from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "gongkai.interactions"
    verbose_name = "互动交流"
    staff_nav = [("领导信箱", "interactions:letters"), ("网上调查", "interactions:surveys")]
    public_nav = [("领导信箱", "interactions_public:home")]

    def ready(self):
        from gongkai.interactions import receivers  # noqa: F401

    def workbench_panel(self, request):
        from gongkai.interactions.views_staff import workbench_panel

        return workbench_panel(request)
