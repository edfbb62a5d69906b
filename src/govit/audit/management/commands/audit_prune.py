"""`govit manage audit_prune`: export, anchor, then remove the events past retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from govit.audit.verify import audit_prune, verify


class Command(BaseCommand):
    help = "导出并清理超过保存期限（GOVIT_AUDIT_RETENTION_DAYS，至少 183 天）的审计事件。"

    def handle(self, *args, **options) -> None:
        # A broken log is never pruned: the evidence of the break would go with it.
        result = verify()
        if not result["ok"]:
            raise CommandError(f"审计日志有问题，未清理：{result['problems'][0]}")
        line = audit_prune()
        if line is None:
            self.stdout.write(f"没有超过 {settings.GOVIT_AUDIT_RETENTION_DAYS} 天的审计事件。")
            return
        self.stdout.write(
            f"已导出并清理 #{line['first']}–#{line['seq']}：{line['export']}（SM3 {line['export_sm3']}）"
        )
