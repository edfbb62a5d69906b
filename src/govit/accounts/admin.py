"""Django admin for organisations and people, used by the system and security administrators.

三员分立: the system administrator keeps organisations and accounts but never sets or sees a
password (a reset mails the person a one-time link) and never gives a role; the security
administrator proposes roles, which take effect when an officer of the BDB confirms them."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from govit.accounts.forms import UserAddForm, UserChangeForm
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.accounts.services import password_reset_issue, role_grant_propose

NO_PASSWORD_HERE = "管理员不能查看或设置他人的密码；请使用“发送重置密码链接”。"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    fields = ("code", "name", "short_name", "kind", "office", "is_active")
    list_display = ("name", "short_name", "kind", "office", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("个人信息", {"fields": ("name", "organisation", "email", "phone")}),
        ("角色", {"fields": ("role_codes", "role_reason")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "name", "organisation", "email", "phone")}),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "name", "organisation", "roles_display", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "organisation__kind")
    list_select_related = ("organisation",)
    search_fields = ("username", "name", "email", "phone", "organisation__name", "organisation__short_name")
    ordering = ("username",)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("groups", "user_permissions")
    actions = ["send_reset_link"]

    @admin.display(description="角色")
    def roles_display(self, user: User) -> str:
        return "、".join(role.label for role in user.role_list)

    def get_form(self, request: HttpRequest, obj: User | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        # Only a security administrator proposes roles, and never their own (三员分立).
        can_assign = request.user.has_role(Role.SECADMIN) and obj.pk != request.user.pk
        return type(form.__name__, (form,), {"can_assign_roles": can_assign})

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.last_login and obj.email:
            # A used account's mailbox is where its reset links go: an administrator who could change
            # it could reset the password to a mailbox of their own.
            readonly += ("email",)
        if request.user.is_superuser:
            return readonly
        # Otherwise an account manager could grant themselves any permission.
        return (*readonly, "is_superuser", "groups", "user_permissions")

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        raise PermissionDenied(NO_PASSWORD_HERE)

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        if not change:
            # A new account has no password until its person sets one through the mailed link.
            obj.set_unusable_password()
            obj.must_change_password = False
        super().save_model(request, obj, form, change)
        if not change and obj.email:
            self._reset_link(request, obj, created=True)
        if change and "role_codes" in form.changed_data:
            try:
                grant = role_grant_propose(
                    user=obj, roles=form.cleaned_data["role_codes"], by=request.user,
                    reason=form.cleaned_data.get("role_reason") or "",
                )  # fmt: skip
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, " ".join(_messages(error)), messages.ERROR)
                return
            if grant.state == grant.State.PROPOSED:
                self.message_user(
                    request, "角色变更已提出，经区大数据发展局工作人员确认后生效。", messages.WARNING
                )
            else:
                self.message_user(request, "已撤销角色，立即生效。", messages.SUCCESS)

    @admin.action(description="发送重置密码链接（发至本人电子邮箱）")
    def send_reset_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            self._reset_link(request, user)

    def _reset_link(self, request: HttpRequest, user: User, created: bool = False) -> None:
        try:
            password_reset_issue(user=user, by=request.user, base_url=request.build_absolute_uri("/"))
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, f"{user}：{' '.join(_messages(error))}", messages.ERROR)
            return
        what = "设置密码链接" if created else "重置密码链接"
        self.message_user(request, f"已向 {user} 的电子邮箱发送{what}。", messages.SUCCESS)


def _messages(error: Exception) -> list[str]:
    return list(error.messages) if isinstance(error, ValidationError) else [str(error)]
