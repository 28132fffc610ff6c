from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "gongkai.interactions"
    label = "interactions"
    verbose_name = "互动交流"
