"""`govit manage similar_rebuild`: the duplicate-construction index again, for every project."""

import time

from django.core.management.base import BaseCommand

from govit.similar import index


class Command(BaseCommand):
    help = "重建相似项目查重索引（全部非涉密项目）。"

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        quiet = options["verbosity"] == 0
        count = index.rebuild(progress=None if quiet else lambda line: self.stdout.write(line))
        if not quiet:
            self.stdout.write(f"查重索引已重建：{count} 个项目，用时 {time.monotonic() - started:.1f} 秒。")
