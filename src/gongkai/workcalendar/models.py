"""The working-day calendar as data: a row per calendar year, a row per exception day."""

from django.conf import settings
from django.db import models

from gongkai.workcalendar.seeding import LEGACY_SEEDED_SOURCES, SEEDED_SOURCE


class YearStatus(models.TextChoices):
    CONFIRMED = "confirmed", "已确认"
    PROVISIONAL = "provisional", "暂定"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"




class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    status = models.CharField("状态", max_length=12, choices=YearStatus.choices, default=YearStatus.PROVISIONAL)
    source = models.CharField("依据", max_length=200, blank=True)  # e.g. 国办发明电〔2025〕7号 / chinesecalendar
    notice_text = models.TextField("通知原文", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"

    @property
    def source_label(self) -> str:
        """The basis as a user reads it (a year seeded by an earlier version shows today's wording)."""
        return SEEDED_SOURCE if self.source in LEGACY_SEEDED_SOURCES else self.source


class ExceptionDay(models.Model):
    date = models.DateField("日期", primary_key=True)
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=30, blank=True)

    class Meta:
        verbose_name = "例外日"
        verbose_name_plural = "例外日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
