from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "api"
    verbose_name = "开放接口"
    staff_nav = [("接口令牌", "api_tokens:list", ("leader", "supervisor"))]
    public_nav = [("开放接口", "api_public:docs")]
