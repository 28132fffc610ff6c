"""gongkai (公开): the 政府信息公开 platform."""

__version__ = "0.1.0"
