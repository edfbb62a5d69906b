"""`govit manage audit_checkpoint`: sign the chain's head into the checkpoint file (schedule daily)."""

from django.core.management.base import BaseCommand

from govit.audit.verify import audit_checkpoint


class Command(BaseCommand):
    help = "把审计链头（序号与哈希）签名写入库外检查点文件；请每日定时运行。"

    def handle(self, *args, **options) -> None:
        line = audit_checkpoint()
        self.stdout.write(f"检查点：#{line['seq']} {line['hash']}" if line else "审计日志为空，未写检查点。")
