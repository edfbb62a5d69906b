"""`govit manage restore PATH`: a backup brought back into an empty database, then the audit log
verified; exit non-zero on any refusal or problem."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govit.backup.errors import BackupError
from govit.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "把备份恢复到空数据库：先校验清单签名与每个文件的 SM3，再恢复数据库与文件，"
        "最后校验审计日志。目标库已有数据时拒绝。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="govit manage backup 写出的 .tar 文件")

    def handle(self, *args, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            restored = backup_restore(path=path)
        except BackupError as error:
            raise CommandError(error.message) from None
        database = restored.manifest["database"]
        self.stdout.write(
            f"已恢复 {restored.manifest['created_at']} 的备份：{sum(database['tables'].values())} 行，"
            f"{len(restored.manifest['files'])} 个文件（校验一致）。"
        )
        if restored.migrated:
            self.stdout.write(f"已应用本版本新增的 {len(restored.migrated)} 个迁移。")
        for folder, count in restored.moved_aside.items():
            self.stdout.write(f"原有的 {count} 个不在备份中的文件已移到 {folder}（未删除）。")
        result = restored.verification
        if result.ok:
            self.stdout.write(f"审计日志完好：{result.events} 条事件，至 #{result.last_seq}。")
            return
        for problem in result.problems:
            self.stderr.write(problem)
        raise CommandError(
            f"恢复完成，但审计日志发现 {len(result.problems)} 处问题；第一处：{result.problems[0]}"
        )
