"""Organisations and people (REQUIREMENTS §0, Rules Art. 2 and 5–8)."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from govit.accounts.roles import (
    ADMIN_ROLES,
    Office,
    Role,
    decode_roles,
    encode_roles,
    roles_well_formed_condition,
    single_admin_values,
    sort_roles,
    three_admins_apart_condition,
    validate_role_homes,
    validate_roles,
)
from govit.accounts.validators import phone_validator


class OrganisationKind(models.TextChoices):
    """How the Rules treat an organisation (see Organisation)."""

    DEPARTMENT = "department", "部门"
    STREET = "street", "街道办事处"
    COMMITTEE = "committee", "管委会"
    INSTITUTION = "institution", "直属事业单位"
    BUREAU = "bureau", "主管局"
    PARTY = "party", "区委部门（参照执行）"
    SOE = "soe", "区属国有公司（参照执行）"
    AGENCY = "agency", "第三方机构"


# Organisations that do not apply for projects (第二条、第八条): the bureaus and the third parties.
NOT_APPLICANTS = (OrganisationKind.BUREAU, OrganisationKind.AGENCY)


class Organisation(models.Model):
    """A body of the district, or outside it, that people belong to.

    Its kind says how the Rules treat it: departments, street offices, management committees
    and directly affiliated institutions are project units (Art. 2, 8); party organs and
    district state-owned companies follow the Rules "参照执行" (Art. 2); the bureaus oversee
    (Art. 5–7); third parties prepare designs, supervise and evaluate (Art. 13, 15, 18).
    """

    Kind = OrganisationKind

    code = models.SlugField(
        "代码", max_length=64, unique=True, help_text="英文字母、数字、下划线或连字符，唯一。"
    )
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    office = models.CharField(
        "承担的主管职责", max_length=20, choices=Office.choices, blank=True, default="",
        help_text="主管局承担哪一局的职责（第五至七条）；决定其人员可担任的角色。每项职责只属于一个单位。",
    )  # fmt: skip
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="accounts_organisation_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(office="") | (Q(kind=OrganisationKind.BUREAU) & Q(office__in=Office.values)),
                name="accounts_organisation_office_of_a_bureau",
            ),
            models.UniqueConstraint(
                fields=["office"], condition=~Q(office=""), name="accounts_organisation_office_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The short name people use (区教委), or the full name if there is none."""
        return self.short_name or self.name


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role | str) -> "UserQuerySet":
        """People who hold `role` (the delimiters make the match exact)."""
        return self.filter(roles__contains=encode_roles([Role(role)]))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(
        self, username: str, password: str | None = None, *, roles: Iterable[str] = (), **fields: Any
    ) -> "User":
        """Create a person; `roles` is checked against the 三员 rule first."""
        roles = validate_roles(roles)
        # A password set here is someone else's doing: changed at the first login, unless told otherwise.
        must_change = fields.pop("must_change_password", True)
        user = self.model(
            username=self.model.normalize_username(username), roles=encode_roles(roles), **fields
        )
        if user.organisation_id is not None:
            validate_role_homes(roles, kind=user.organisation.kind, office=user.organisation.office)
        user.set_password(password)
        user.must_change_password = must_change
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields: Any) -> "User":
        """The bootstrap account of `createsuperuser`: a system administrator with no organisation."""
        fields.setdefault("roles", [Role.SYSADMIN])
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to GovIT.

    A person belongs to one organisation and holds one or more roles in it (R0.1). The roles
    are one delimited string (see `roles.py`) so that the database itself refuses what the
    三员 rule forbids: an administrator who is also another administrator or a business user.
    """

    username = models.CharField(
        "用户名",
        max_length=64,
        unique=True,
        validators=[ASCIIUsernameValidator()],
        help_text="登录用，英文字母、数字和 @/./+/-/_。",
        error_messages={"unique": "该用户名已被使用。"},
    )
    name = models.CharField("姓名", max_length=50)
    email = models.EmailField("电子邮箱", blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[phone_validator])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="users",
        # Only the bootstrap administrator of `createsuperuser` has none (see the constraint).
        null=True,
        blank=True,
    )
    roles = models.CharField("角色", max_length=200, blank=True, default="", editable=False)
    is_active = models.BooleanField(
        "启用", default=True, help_text="停用的账号不能登录；请停用而不是删除账号。"
    )
    is_staff = models.BooleanField("可登录管理后台", default=False)
    date_joined = models.DateTimeField("创建时间", default=timezone.now)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=True,
        help_text="密码由他人设置（初始密码、控制台设置）时为是；本人修改密码后为否。",
    )  # fmt: skip
    password_changed_at = models.DateTimeField(
        "本人最近修改密码时间", null=True, blank=True,
        help_text="本人设置或修改密码的时间；超过 GOVIT_PASSWORD_MAX_DAYS 天须再次修改。",
    )  # fmt: skip

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=roles_well_formed_condition(), name="accounts_user_roles_well_formed"
            ),
            models.CheckConstraint(
                condition=three_admins_apart_condition(), name="accounts_user_three_admins_apart"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(roles__in=single_admin_values()),
                name="accounts_user_organisation_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）" if self.name else self.username

    def clean(self) -> None:
        super().clean()
        try:
            validate_roles(decode_roles(self.roles))
        except ValidationError as error:
            raise ValidationError({"roles": error}) from None
        if self.organisation_id is None and self.role_set - ADMIN_ROLES:
            raise ValidationError({"organisation": "请选择所属单位。"})
        if self.organisation_id is not None:
            organisation = self.organisation
            try:
                validate_role_homes(self.role_set, kind=organisation.kind, office=organisation.office)
            except ValidationError as error:
                raise ValidationError({"roles": error}) from None

    @property
    def role_set(self) -> frozenset[Role]:
        """The person's roles; an unknown stored code grants nothing."""
        return frozenset(Role(code) for code in decode_roles(self.roles) if code in Role.values)

    def has_role(self, role: Role | str) -> bool:
        return Role(role) in self.role_set

    @property
    def role_list(self) -> list[Role]:
        """The person's roles in display order."""
        return sort_roles(self.role_set)

    @property
    def is_administrator(self) -> bool:
        """Holds one of the three administrator roles (and so nothing else)."""
        return bool(self.role_set & ADMIN_ROLES)

    @property
    def password_expired(self) -> bool:
        """The person's own password is older than GOVIT_PASSWORD_MAX_DAYS (等保 口令定期更换). A
        password they never set themselves is `must_change_password` instead."""
        days = settings.GOVIT_PASSWORD_MAX_DAYS
        if not days or self.password_changed_at is None:
            return False
        return timezone.now() - self.password_changed_at >= timedelta(days=days)

    def set_password(self, raw_password: str | None) -> None:
        """Whoever sets a password other than its person (a console command, a script) leaves it to be
        changed at the next login; the person's own pages clear that (services.password_changed)."""
        super().set_password(raw_password)
        self.must_change_password = True

    def check_password(self, raw_password: str) -> bool:
        # A right password under an older hash is re-hashed here through set_password (Django saves
        # only the password): it is still the person's own, so it must not be flagged for a change
        # (the API would refuse the token of that very login).
        must_change = self.must_change_password
        correct = super().check_password(raw_password)
        self.must_change_password = must_change
        return correct

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class RoleGrantState(models.TextChoices):
    PROPOSED = "proposed", "待确认"
    CONFIRMED = "confirmed", "已生效"
    REJECTED = "rejected", "已退回"


class RoleGrant(models.Model):
    """A change of a person's roles: proposed by the security administrator, in effect only once a
    second person (an officer of the BDB) confirms it; a change that only takes roles away is in
    effect at once (三员分立, 双人复核). See accounts.services."""

    State = RoleGrantState

    user = models.ForeignKey(User, models.PROTECT, verbose_name="人员", related_name="role_grants")
    roles_before = models.CharField("变更前角色", max_length=200, blank=True)
    roles_after = models.CharField("变更后角色", max_length=200, blank=True)
    reason = models.CharField("理由", max_length=200)
    state = models.CharField("状态", max_length=20, choices=RoleGrantState.choices)
    proposed_by = models.ForeignKey(
        User, models.PROTECT, verbose_name="提出人", related_name="role_grants_proposed"
    )
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    decided_by = models.ForeignKey(
        User, models.PROTECT, verbose_name="确认人", related_name="role_grants_decided", null=True, blank=True
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decision_note = models.CharField("确认意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RoleGrantState.values), name="accounts_rolegrant_state_known"
            ),
            # One open proposal per person: a second would race the first.
            models.UniqueConstraint(
                fields=["user"], condition=Q(state="proposed"), name="accounts_rolegrant_one_open"
            ),
            # Two people: nobody confirms their own proposal or a change of their own roles.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=models.F("proposed_by")) & ~Q(decided_by=models.F("user"))),
                name="accounts_rolegrant_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} 的角色变更（{self.get_state_display()}）"

    @property
    def roles_before_list(self) -> list[Role]:
        return sort_roles(Role(code) for code in decode_roles(self.roles_before) if code in Role.values)

    @property
    def roles_after_list(self) -> list[Role]:
        return sort_roles(Role(code) for code in decode_roles(self.roles_after) if code in Role.values)
