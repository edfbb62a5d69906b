"""The project: Attachment 1's application form, its route facts and its place in the lifecycle."""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q

from govit import clock
from govit.accounts.models import Organisation, User
from govit.accounts.roles import BUREAU_ROLES, UNIT_ROLES, Role
from govit.projects.models.fields import money_field, national_code_validator, phone_validator, text_field
from govit.workflow.lifecycle import STATES, TRANSITIONS


class Category(models.TextChoices):
    CONSTRUCTION = "construction", "建设类"
    SERVICE = "service", "购买服务类"
    OM = "om", "运维类"


class WorkType(models.TextChoices):
    """What the project does (第三条); the category follows from it and the amount."""

    NEW = "new", "新建"
    CONTINUATION = "continuation", "续建"
    EXPANSION = "expansion", "改扩建"
    UPGRADE = "upgrade", "升级改造"
    SERVICE_PURCHASE = "service_purchase", "购买服务"
    MAINTENANCE = "maintenance", "运行维护"


class Path(models.TextChoices):
    """Which sentence of 第十三条 the project follows (govit.policy.route). The labels carry no
    amount: the project's version adds it where a path is shown (govit.policy.wording.path_label)."""

    COMBINED = "combined", "可研及概算合并审批（代初步设计）"
    SEPARATE = "separate", "可研、初设分别审批"
    SERVICE = "service", "购买服务类（大数据局审核初设、按87号令编审预算）"
    OM_BUDGET = "om_budget", "运维类（部门预算列支）"


# Drawn from the lifecycle declaration: one list of states for the engine, the database and the UI.
State = models.TextChoices("State", [(s.code, (s.code, s.label)) for s in STATES])


PRE_LISTING_STATES = [s.code for s in STATES if not s.listed]


# The ends a project reaches when it never happened (withdrawn, rejected): they hold no claim.
ABANDONED_STATES = sorted({t.target for t in TRANSITIONS if t.kind in ("reject", "withdraw")})


# What the scope question "is it one of 第二条's excluded purchases?" is answered with when it is not.
NOT_EXCLUDED = "none"


# 第二十七条 (R6.2): what a classified project may not keep. GovIT, a non-classified system, keeps
# only its registration data (code, unit, category, year, the secrecy approval, state): its
# description, the people and phone numbers of its form and every reason, finding or plan typed on
# its way are emptied when it is classified, and the database refuses them afterwards.
CLASSIFIED_BLANK_FIELDS = (
    "leader_name", "leader_phone", "contact_name", "contact_phone", "reason", "summary",
    "expected_effect", "funding_source", "progress", "filler_name", "filler_phone", "continues_outside",
    "urgent_body", "urgent_decision", "urgent_ref", "preparer_qualification", "preparer_contact",
    "supervision_waiver_reason",
)  # fmt: skip


# The yearly list's order: newest year first, then by list code with the unlisted last, newest first.
# "Unlisted" is an expression so that SQLite, whose indexes know no NULLS LAST, orders by an index too.
LIST_UNLISTED = ExpressionWrapper(Q(list_code__isnull=True), output_field=models.BooleanField())
LIST_ORDER = (F("year").desc(), LIST_UNLISTED.asc(), F("list_code").asc(), F("id").desc())


# The name a classified project is registered under instead of its own (which may itself be secret).
CLASSIFIED_NAME = "涉密项目"


def engaging(agency_id: int) -> Q:
    """The projects that engaged a third party (R0.1): as their preparer, by a contract (their
    supervisor or vendor), to review the design (第十五条) or as the final-acceptance body (第二十四条)."""
    return (
        Q(preparer_id=agency_id) | Q(contracts__agency_id=agency_id)
        | Q(expert_reviews__agency_id=agency_id) | Q(acceptance_body__agency_id=agency_id)
    )  # fmt: skip


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> "ProjectQuerySet":
        """The projects `user` may see (R0.1), the one rule every fetch starts from:
        - a unit's people: their own unit's projects, drafts included;
        - the bureaus: every project that has reached the BDB (a draft is the unit's own work);
        - an expert: the projects whose review they were assigned;
        - a third-party agency: the projects it prepares;
        - the three administrators: none (they run the system, not the business);
        and of the classified projects (第二十七条, R6.2) only those `user` is cleared for
        (`cleared_for`): its unit's leader and the BDB officers designated for it.
        """
        scope = self._scope(user)
        if scope is None:
            return self.none()
        return self.filter(scope).filter(self.cleared_for(user))

    def withheld_from(self, user: User) -> "ProjectQuerySet":
        """The classified projects that `user` would see but for 第二十七条: counted in aggregates
        ("涉密项目 N 个"), never shown."""
        scope = self._scope(user)
        if scope is None:
            return self.none()
        return self.filter(scope).filter(classified_at__isnull=False).exclude(self.cleared_for(user))

    def not_withheld_from(self, user: User) -> "ProjectQuerySet":
        """Every project but the classified ones `user` is not cleared for: the admin's rows, whose
        scope is the administrator's, narrowed by 第二十七条 alone."""
        return self.filter(self.cleared_for(user))

    def cleared_for(self, user: User) -> Q:
        """第二十七条 (R6.2): an unclassified project, or a classified one `user` is cleared for — the
        leader (unit_leader) of its unit, or a BDB officer designated for it."""
        cleared = Q(classified_at__isnull=True)
        if not (user.is_authenticated and user.is_active):
            return cleared
        roles = user.role_set
        if Role.UNIT_LEADER in roles and user.organisation_id:
            cleared |= Q(unit_id=user.organisation_id)
        if Role.BDB in roles:
            officers = Project.secrecy_officers.through.objects.filter(user_id=user.pk)
            cleared |= Q(pk__in=officers.values("project_id"))
        return cleared

    def _scope(self, user: User) -> Q | None:
        if not (user.is_authenticated and user.is_active):
            return None
        roles = user.role_set
        scope = Q(pk__in=[])
        if roles & UNIT_ROLES:
            scope |= Q(unit_id=user.organisation_id)
        if roles & BUREAU_ROLES:
            scope |= Q(submitted_at__isnull=False)
        if Role.EXPERT in roles:
            reviewed = self.model._default_manager.filter(expert_reviews__expert__user=user)
            scope |= Q(pk__in=reviewed.values("pk"))
        if Role.AGENCY in roles and user.organisation_id:
            engaged = self.model._default_manager.filter(engaging(user.organisation_id))
            scope |= Q(pk__in=engaged.values("pk"))
        return scope

    def tallied_scope(self, user: User) -> Q | None:
        """`_scope` said in the columns of the kept totals (ProjectTally), when it can be: a unit's
        people, the bureaus, or both; None for an expert's or an agency's, which they cannot tell."""
        if not (user.is_authenticated and user.is_active):
            return Q(pk__in=[])
        roles = user.role_set
        if Role.EXPERT in roles or (Role.AGENCY in roles and user.organisation_id):
            return None
        scope = Q(pk__in=[])
        if roles & UNIT_ROLES:
            scope |= Q(unit_id=user.organisation_id)
        if roles & BUREAU_ROLES:
            scope |= Q(submitted=True)
        return scope


class Project(models.Model):
    """A government IT project (政务信息化项目) from its application on.

    The fields of the application form are exactly Attachment 1's (R2.3). `state` is changed by
    the lifecycle engine only (govit.projects.engine); `version` lets it refuse a second,
    concurrent change. `path` and `category` are derived by the policy package from the facts
    and recomputed when a fact that decides them changes.
    """

    # --- Attachment 1 -----------------------------------------------------------------------
    unit = models.ForeignKey(Organisation, models.PROTECT, verbose_name="单位名称", related_name="projects")
    name = models.CharField("项目名称", max_length=200)
    leader_name = models.CharField("项目负责人", max_length=50)
    leader_phone = models.CharField("项目负责人联系电话", max_length=30, validators=[phone_validator])
    contact_name = models.CharField("项目联系人", max_length=50)
    contact_phone = models.CharField("项目联系人联系电话", max_length=30, validators=[phone_validator])
    category = models.CharField("项目类别", max_length=20, choices=Category.choices)
    reason = text_field("项目建设理由", help_text="项目建设的具体理由或相关文件批示、会议纪要等依据")
    summary = text_field("项目内容简介")
    expected_effect = text_field("预期效果描述")
    amount = money_field("项目投资估算（元）")
    funding_source = models.CharField("资金来源", max_length=200)
    progress = text_field("项目进展", help_text="项目开展时间、运营模式、项目阶段、项目进度等")
    filler_name = models.CharField("填表人", max_length=50)
    filler_phone = models.CharField("填表人联系电话", max_length=30, validators=[phone_validator])
    form_date = models.DateField("填表日期")

    # --- Route facts (第三条、第九条、第十三条、第十四条) ----------------------------------------------
    year = models.PositiveSmallIntegerField("申报年度")
    work_type = models.CharField("建设性质", max_length=20, choices=WorkType.choices)
    changes_function = models.BooleanField("改变系统功能用途", default=False)
    civil_works = models.BooleanField("涉及新建土建工程", default=False)
    high_energy = models.BooleanField("属高耗能项目", default=False)
    needs_procurement = models.BooleanField("需进行政府采购", default=False)
    path = models.CharField("审批路径", max_length=20, choices=Path.choices)
    policy_id = models.CharField("适用政策版本", max_length=40)

    # --- 第二条: scope (R1.1). Unanswered (legacy rows) is None / ""; the submit guard asks. ------
    fiscal_funding = models.BooleanField("全部或部分使用区级及以上财政资金", null=True, blank=True)
    it_system = models.BooleanField("建设支撑本单位履行管理和服务职能的信息化系统", null=True, blank=True)
    excluded_purchase = models.CharField(
        "是否为第二条所列购置", max_length=30, blank=True,
        help_text="“none”：不属于第二条所列购置；其余取值见政策文件的 scope.excluded_purchases",
    )  # fmt: skip

    # --- 第三条: a continuation (续建) names the earlier project it continues ---------------------
    continues = models.ForeignKey(
        "self", models.PROTECT, verbose_name="续建的前期项目", null=True, blank=True,
        related_name="continuations",
    )  # fmt: skip
    continues_outside = models.CharField(
        "前期项目（未在本平台登记）", max_length=300, blank=True,
        help_text="前期项目在本平台启用前建设的，填写其名称和批复文号",
    )  # fmt: skip

    # --- 第十一条: urgent needs outside the yearly call ---------------------------------------------
    urgent = models.BooleanField("急需项目（第十一条）", default=False)
    urgent_body = models.CharField("审议机构", max_length=100, blank=True)
    urgent_on = models.DateField("审议日期", null=True, blank=True)
    urgent_decision = text_field("审议结论", blank=True)
    urgent_ref = models.CharField("会议纪要或文件文号", max_length=100, blank=True)

    # --- Listing (第九条、第十条) and codes (R2.9) ---------------------------------------------------
    list_code = models.CharField("清单编号", max_length=20, unique=True, null=True, blank=True)
    listed_at = models.DateTimeField("纳入清单时间", null=True, blank=True)
    funding_channel = models.CharField("资金渠道", max_length=30, blank=True)
    # 第五条: designated by the leading group (govit.plans, its KeyDesignation the when and by which
    # decision); kept here so that every list marks it without a query more.
    key_project = models.BooleanField("重点建设项目", default=False)
    national_code = models.CharField(
        "全国投资项目代码", max_length=24, blank=True, validators=[national_code_validator]
    )
    submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    late = models.BooleanField("逾期申报", default=False)
    late_accepted = models.BooleanField("逾期申报已同意受理", default=False)

    # --- 第十三条: the third party that prepares the design ------------------------------------------
    preparer = models.ForeignKey(
        Organisation,
        models.PROTECT,
        verbose_name="初步设计编制单位",
        related_name="prepared_projects",
        null=True,
        blank=True,
    )
    preparer_qualification = models.CharField("编制单位资质", max_length=200, blank=True)
    preparer_contact = models.CharField("编制单位联系人及电话", max_length=100, blank=True)

    # --- Construction and acceptance (第十八条、第二十三条) ----------------------------------------------
    supervision_waiver_reason = text_field("不引入监理的理由", blank=True)
    supervision_waiver_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        verbose_name="认可人",
        null=True,
        blank=True,
        related_name="+",
    )
    trial_started_on = models.DateField("试运行开始日期", null=True, blank=True)
    maintains = models.ForeignKey(
        "acceptance.BuiltSystem",
        models.PROTECT,
        verbose_name="运维的已建系统",
        null=True,
        blank=True,
        related_name="om_projects",
    )

    # --- 第二十七条: a classified project (R6.1), recorded by the BDB (projects.secrecy) -----------
    secrecy_ref = models.CharField("保密审批文号", max_length=100, blank=True)
    secrecy_on = models.DateField("保密审批日期", null=True, blank=True)
    secrecy_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="指定的区大数据发展局经办人", blank=True,
        related_name="classified_projects",
    )  # fmt: skip
    classified_at = models.DateTimeField("定密登记时间", null=True, blank=True)

    # --- Lifecycle ------------------------------------------------------------------------------
    state = models.CharField("状态", max_length=30, choices=State.choices, default="draft")
    # When the project entered its state (its last move, an edit is not one): kept by the engine so
    # that the to-do list is ordered by an index rather than by a subquery per waiting project.
    state_since = models.DateTimeField("进入当前状态时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="创建人", related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=clock.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_amount_not_negative"),
            # 第十二条: no project is past listing without a list code — whatever wrote the row.
            models.CheckConstraint(
                condition=Q(state__in=PRE_LISTING_STATES) | Q(list_code__isnull=False),
                name="project_listed_has_list_code",
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="project_category_known"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="project_state_known"),
            # 第二条: an answer that puts the project out of scope is refused, so none is ever stored.
            models.CheckConstraint(
                condition=~Q(fiscal_funding=False)
                & ~Q(it_system=False)
                & (Q(excluded_purchase="") | Q(excluded_purchase=NOT_EXCLUDED)),
                name="project_in_scope",
            ),
            models.CheckConstraint(condition=~Q(pk=F("continues")), name="project_does_not_continue_itself"),
            # 第二十五条: one O&M application per built system and year, withdrawn/rejected ones aside.
            models.UniqueConstraint(
                fields=["maintains", "year"],
                condition=Q(maintains__isnull=False) & ~Q(state__in=ABANDONED_STATES),
                name="one_om_application_per_system_and_year",
            ),
            # 第二十七条: a classified project has its approval and keeps none of the free text.
            models.CheckConstraint(
                condition=Q(classified_at__isnull=True)
                | Q(
                    secrecy_on__isnull=False,
                    name__startswith=CLASSIFIED_NAME,
                    **dict.fromkeys(CLASSIFIED_BLANK_FIELDS, ""),
                )
                & ~Q(secrecy_ref=""),
                name="project_classified_keeps_no_free_text",
            ),
        ]
        indexes = [
            # The yearly list: filter by year, then unit / category / state.
            models.Index(fields=["year", "unit"], name="project_year_unit"),
            models.Index(fields=["year", "state"], name="project_year_state"),
            # The to-do list: projects waiting in a state for a role, oldest first, with the columns
            # of who sees a row after them (a bureau's thousands waiting are read from the index).
            models.Index(
                fields=["state", "state_since", "id", "submitted_at", "classified_at"],
                name="project_todo_order",
            ),
            # The yearly list's order (selectors.LIST_ORDER), the columns of who sees a row after it,
            # so that a page, however deep, is read from the index alone.
            models.Index(
                F("year").desc(),
                LIST_UNLISTED,
                "list_code",
                F("id").desc(),
                "submitted_at",
                "classified_at",
                "unit",
                name="project_list_order",
            ),  # fmt: skip
            # 第二十七条: the few classified projects, counted on every list (withheld_from).
            models.Index(
                fields=["classified_at"], condition=Q(classified_at__isnull=False), name="project_classified"
            ),
            # The BDB's to-do: reasons for no supervisor awaiting its word (第十八条), only those rows.
            models.Index(
                fields=["supervision_waiver_accepted_by", "state"],
                condition=Q(
                    supervision_waiver_accepted_by__isnull=True, supervision_waiver_reason__filled=True
                ),
                name="project_waiver_to_accept",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.state_since is None:  # a new project entered its first state when it was created
            self.state_since = self.created_at
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", args=[self.pk])

    @property
    def is_classified(self) -> bool:
        return self.classified_at is not None

    @property
    def is_new(self) -> bool:
        return self.work_type == WorkType.NEW
