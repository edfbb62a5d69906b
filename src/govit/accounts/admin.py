"""Django admin for organisations and people, used by the system and security administrators."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from govit.accounts.forms import UserChangeForm, UserCreationForm
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.accounts.services import user_set_roles


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    fields = ("code", "name", "short_name", "kind", "is_active")
    list_display = ("name", "short_name", "kind", "code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("name", "organisation", "email", "phone")}),
        ("角色", {"fields": ("role_codes",)}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "organisation", "email", "phone", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "name", "organisation", "roles_display", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "organisation__kind")
    list_select_related = ("organisation",)
    search_fields = ("username", "name", "email", "phone", "organisation__name", "organisation__short_name")
    ordering = ("username",)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("groups", "user_permissions")

    @admin.display(description="角色")
    def roles_display(self, user: User) -> str:
        return "、".join(role.label for role in user.role_list)

    def get_form(self, request: HttpRequest, obj: User | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form
        # Only a security administrator assigns roles, and never their own (三员分立).
        can_assign = request.user.has_role(Role.SECADMIN) and obj.pk != request.user.pk
        return type(form.__name__, (form,), {"can_assign_roles": can_assign})

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        # Otherwise an account manager could grant themselves any permission.
        return (*readonly, "is_superuser", "groups", "user_permissions")

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "role_codes" in form.changed_data:
            user_set_roles(user=obj, roles=form.cleaned_data["role_codes"], by=request.user)
