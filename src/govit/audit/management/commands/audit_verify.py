"""`govit manage audit_verify`: check the whole audit log and its checkpoints; exit 1 on a problem."""

from django.core.management.base import BaseCommand, CommandError

from govit.audit.verify import audit_verify


class Command(BaseCommand):
    help = "校验审计日志的整条链与检查点；发现问题时以非零状态退出。"

    def handle(self, *args, **options) -> None:
        result = audit_verify()
        if result.ok:
            self.stdout.write(f"审计日志完好：{result.events} 条事件，至 #{result.last_seq}。")
            return
        for problem in result.problems:
            self.stderr.write(problem)
        raise CommandError(f"审计日志发现 {len(result.problems)} 处问题；第一处：{result.problems[0]}")
