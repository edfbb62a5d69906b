"""Forms of the Django admin for people."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from govit.accounts.models import User
from govit.accounts.roles import Role, sort_roles, validate_roles


class UserCreationForm(auth_forms.UserCreationForm):
    """A new account, without roles: the security administrator assigns those (三员分立)."""

    class Meta:
        model = User
        fields = ("username", "name", "organisation", "email", "phone")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True


class UserChangeForm(auth_forms.UserChangeForm):
    """An account; its roles can be changed only when `can_assign_roles` (set by the admin)."""

    can_assign_roles = False

    role_codes = forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="由安全管理员分配。三员（系统管理员、安全管理员、审计管理员）只能单独担任。",
    )

    class Meta:
        model = User
        fields = (
            "username",
            "password",
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
        self.fields["role_codes"].initial = [role.value for role in sort_roles(self.instance.role_set)]
        self.fields["role_codes"].disabled = not self.can_assign_roles

    def clean_role_codes(self) -> list[str]:
        codes = self.cleaned_data["role_codes"]
        try:
            validate_roles(codes)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return codes
