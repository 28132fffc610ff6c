from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "gongkai.journal"
    verbose_name = "事件日志"
    staff_nav = [("事件日志", "journal:list", ("auditor", "supervisor"))]
