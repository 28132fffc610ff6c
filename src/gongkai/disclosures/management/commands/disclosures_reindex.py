"""gongkai disclosures_reindex: rebuild the full-text index of the public items (e.g. after a restore)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.disclosures import search


class Command(BaseCommand):
    help = "重建主动公开信息的全文检索索引"

    def handle(self, *args, **opts):
        start = time.perf_counter()
        with transaction.atomic():
            n = search.rebuild()
        self.stdout.write(f"已重建检索索引：{n} 条，用时 {time.perf_counter() - start:.1f} 秒。")
