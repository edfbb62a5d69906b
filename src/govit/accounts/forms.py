"""Forms of the Django admin for people, and of the person's own account pages."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from govit.accounts.models import User
from govit.accounts.roles import Role, sort_roles, validate_role_homes, validate_roles

MOVE_WITH_ROLES = "此人仍担任角色，不能直接调到其他单位：请先由安全管理员撤销其角色，调整单位后再重新授权。"


class UserAddForm(forms.ModelForm):
    """A new account, without roles and without a password: the person sets the password through the
    link mailed to them, the security administrator proposes the roles (三员分立)."""

    class Meta:
        model = User
        fields = ("username", "name", "organisation", "email", "phone")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True
        self.fields["email"].help_text = "本人的电子邮箱：设置密码的一次性链接发到这里。"


class UserChangeForm(auth_forms.UserChangeForm):
    """An account; its roles can be proposed only when `can_assign_roles` (set by the admin)."""

    can_assign_roles = False

    role_codes = forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="由安全管理员提出，经区大数据发展局工作人员确认后生效；仅撤销角色时立即生效。"
        "三员（系统管理员、安全管理员、审计管理员）只能单独担任，且只在服务器控制台设置。",
    )
    role_reason = forms.CharField(
        label="变更理由", max_length=200, required=False, help_text="如：岗位调整，经单位负责人同意。"
    )

    class Meta:
        model = User
        fields = (
            "username",
            "name",
            "organisation",
            "email",
            "phone",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("password", None)
        self.fields["role_codes"].initial = [role.value for role in sort_roles(self.instance.role_set)]
        self.fields["role_codes"].disabled = not self.can_assign_roles
        self.fields["role_reason"].disabled = not self.can_assign_roles

    def clean_role_codes(self) -> list[str]:
        codes = self.cleaned_data["role_codes"]
        try:
            validate_roles(codes)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return codes

    def clean(self) -> dict:
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if "organisation" in self.changed_data and self.instance.pk and self.instance.role_set:
            self.add_error("organisation", MOVE_WITH_ROLES)
        elif organisation is not None and "role_codes" in cleaned:
            try:
                validate_role_homes(
                    validate_roles(cleaned["role_codes"]), kind=organisation.kind, office=organisation.office
                )
            except ValidationError as error:
                self.add_error("role_codes", error.messages)
        return cleaned


# --- The person's own account pages ------------------------------------------------------------


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, in GovIT's words; the policy is AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "当前密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") == cleaned.get("old_password"):
            self.add_error("new_password1", "新密码不能与当前密码相同。")
        return cleaned


class SetPasswordForm(auth_forms.SetPasswordForm):
    """A new password from a reset link."""

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"


class CodeForm(forms.Form):
    """A code from the authenticator (6 digits) or a recovery code (xxxxx-xxxxx)."""

    code = forms.CharField(
        label="验证码", max_length=16, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text="身份验证器上显示的 6 位数字；手机不在身边时，可输入一个恢复码。",
        error_messages={"required": "请输入验证码。"},
    )  # fmt: skip


class GrantDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="处理", choices=[("confirm", "确认生效"), ("reject", "退回")])
    note = forms.CharField(label="意见", max_length=200, required=False)
