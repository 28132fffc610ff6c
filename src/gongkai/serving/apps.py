from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "gongkai.serving"
    verbose_name = "生产部署"

    def ready(self):
        from gongkai.serving import pagecache

        pagecache.connect_invalidation()
