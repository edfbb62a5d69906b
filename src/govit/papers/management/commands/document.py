"""`govit manage document PROJECT KIND --out FILE`: the official document the project's 公文 page
offers, for scripts and checks (R8.4)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from govit.accounts.models import User
from govit.papers import services
from govit.papers.models import Paper, PaperKind
from govit.projects import errors
from govit.projects.models import Project


class Command(BaseCommand):
    help = (
        "写出项目的一份正式公文（.docx，GB/T 9704-2012 版式），与项目“公文”页提供的文件相同："
        "已取号的按文号写出（已签发的为签发稿），未取号的写出文号空白的预览。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="项目编号（id）或清单编号")
        parser.add_argument("kind", choices=PaperKind.values, help="公文种类")
        parser.add_argument("--out", required=True, type=Path, help="写出的 .docx 文件")
        parser.add_argument("--decision", default="", help="所载决定（如 approval:3；默认该种类最新的一个）")
        parser.add_argument("--as", dest="username", default="", help="预览时署联系人的发文单位人员用户名")

    def handle(
        self, *args, project: str, kind: str, out: Path, decision: str, username: str, **options
    ) -> None:
        found = Project.objects.filter(
            Q(list_code=project) | Q(pk=int(project) if project.isdigit() else None)
        )
        target = found.select_related("unit").first()
        if target is None:
            raise CommandError(f"没有项目 {project}。")
        try:
            key = decision or services.latest_subject(target, kind).key
            paper = Paper.objects.filter(project=target, kind=kind, subject=key).first()
            if paper is not None:
                content = services.document_bytes(project=target, paper=paper)
            else:
                person = self._person(username, kind)
                content = services.preview_bytes(user=person, project=target, kind=kind, key=key)
        except errors.ActionError as error:
            raise CommandError(str(error)) from None
        out.write_bytes(content)
        said = paper.number if paper is not None else "未取号（预览）"
        self.stdout.write(f"{out}：{target.name} {PaperKind(kind).label} {said}")

    def _person(self, username: str, kind: str) -> User:
        role = services.OFFICE_ROLES[services.office_of(kind)]
        people = User.objects.filter(is_active=True).select_related("organisation")
        person = people.filter(username=username).first() if username else None
        if person is None and not username:
            person = next(
                (
                    u
                    for u in people.filter(organisation__office=services.office_of(kind))
                    if role in u.role_set
                ),
                None,
            )
        if person is None or role not in person.role_set:
            raise CommandError(
                f"请用 --as 指定一名{'区发展改革委' if role == 'drc' else '区大数据发展局'}的经办人。"
            )
        return person
