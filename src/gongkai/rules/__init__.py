"""Statutory rules as plain functions and data: no Django import anywhere in this package.

workdays   working-day calendar and arithmetic
holidays   statutory holidays (《全国年节及纪念日放假办法》) for provisional years
clock      the reply-deadline clock of an application (Arts. 30, 32, 33, 34, 35; 109号)
formats    the two annual-report formats (2019, 2021) as declarative specs
"""
