"""`govit manage backup`: a consistent copy of GovIT while it runs (schedule nightly)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govit.backup.errors import BackupError
from govit.backup.services import backup_create


class Command(BaseCommand):
    help = (
        "备份数据库、上传的文件与审计检查点为一个 .tar（含 SM3 清单，HMAC-SM3 签名），"
        "文件名按北京时间；运行中即可备份。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, help="备份写入的目录（默认 GOVIT_BACKUP_DIR）")
        parser.add_argument(
            "--keep-days", type=int, metavar="N", help="备份完成后删除该目录中 N 天前的 GovIT 备份"
        )

    def handle(self, *args, out: Path | None, keep_days: int | None, **options) -> None:
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days 至少为 1。")
        try:
            backup = backup_create(out=out, keep_days=keep_days)
        except BackupError as error:
            raise CommandError(error.message) from None
        database = backup.manifest["database"]
        head = database["audit_head"]
        self.stdout.write(
            f"备份完成：{backup.path}（{len(backup.manifest['files'])} 个文件，"
            f"{sum(database['tables'].values())} 行，审计链头 #{head['seq'] if head else 0}）。"
        )
        for name in backup.missing_documents:
            self.stderr.write(f"警告：数据库记录的文件 {name} 不在 MEDIA_ROOT 中，未能备份。")
        for path in backup.removed:
            self.stdout.write(f"已删除过期备份：{path.name}")
