"""Make a person one of the three administrators, or none: at the server's console only.

    govit manage admin_role USERNAME sysadmin|secadmin|auditadmin
    govit manage admin_role USERNAME none

The web never gives an administrator role: whoever could would hold the keys to every account."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from govit.accounts.models import User
from govit.accounts.roles import ADMIN_ROLES, Role
from govit.accounts.services import admin_role_set
from govit.audit.services import audit_account

CHOICES = sorted(role.value for role in ADMIN_ROLES) + ["none"]


class Command(BaseCommand):
    help = "在服务器控制台设置三员角色（系统管理员、安全管理员、审计管理员）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=CHOICES)

    def handle(self, *args, username: str, role: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}。")
        try:
            admin_role_set(user=user, role=None if role == "none" else Role(role))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        audit_account(action="admin_role_set", label="控制台设置三员角色", user=user, detail={"role": role})
        self.stdout.write(f"{user}：{'、'.join(r.label for r in user.role_list) or '无角色'}")
