from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "gongkai.stats"
    label = "stats"
    verbose_name = "统计与数据开放"
    staff_nav = [("统计看板", "stats:dashboard", ("supervisor", "leader", "officer", "reviewer"))]
    public_nav = [("数据开放", "stats_public:index")]
