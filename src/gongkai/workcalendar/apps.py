from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "gongkai.workcalendar"
    verbose_name = "工作日历"
    staff_nav = [("工作日历", "workcalendar:list")]
    public_nav = [("工作日计算", "workcalendar_public:calculator")]
