"""Documents: typed, versioned and hashed, tied to the step that needed them (R3.10)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.projects.models import Project, ProjectRecord
from govit.projects.models.fields import money_field


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", "项目建议书"
    FSR = "fsr", "可行性研究报告"
    DESIGN = "design", "初步设计方案"
    BUDGET = "budget", "概（预）算方案"
    OPINION = "opinion", "审核意见"
    APPROVAL = "approval", "批复文件"
    MINUTES = "minutes", "会议纪要"
    EXPERT_OPINION = "expert_opinion", "专家评审意见"
    ENERGY_ASSESSMENT = "energy_assessment", "节能评估审批"
    SITE_SELECTION = "site_selection", "规划选址审批"
    LAND_PRE_REVIEW = "land_pre_review", "用地预审"
    EIA = "eia", "环境影响评价审批"
    CONTRACT = "contract", "合同"
    ACCEPTANCE = "acceptance", "初验报告"
    RECTIFICATION = "rectification", "整改报告"
    FINAL_ACCEPTANCE = "final_acceptance", "终验报告"
    SUPERVISION_REPORT = "supervision_report", "监理报告"
    OTHER = "other", "其他材料"
    # The signed, stamped scan of an official document GovIT wrote (govit.papers): uploaded only
    # through its paper, which ties it to the decision it carries.
    OFFICIAL = "official", "正式公文（签章扫描件）"


# What the upload form offers: every kind but the official documents' scans.
UPLOADABLE_KINDS = [(code, label) for code, label in DocumentKind.choices if code != DocumentKind.OFFICIAL]


def _upload_to(document: "Document", filename: str) -> str:
    # The stored name is the content hash: no user-chosen path ever reaches the disk.
    return f"documents/{document.project_id}/{document.sha256}"


class Document(ProjectRecord):
    """One version of one kind of document of a project. A new upload of the same kind is the
    next version; earlier versions stay (R3.10). Download goes through the access helper."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="documents")
    kind = models.CharField("类型", max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本")
    file = models.FileField("文件", upload_to=_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    state = models.CharField("上传时所处环节", max_length=30)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="上传人", related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=clock.now)
    # The office the uploader acted for (services.uploader_role): an approval must be the DRC's own
    # document, a review opinion the BDB's (R3.9), whatever roles the person holds later.
    uploaded_as = models.CharField("上传人身份", max_length=20, blank=True)

    class Meta:
        verbose_name = "项目文件"
        verbose_name_plural = "项目文件"
        ordering = ["project", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "version"], name="document_version_unique"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 第{self.version}版（{self.original_name}）"


class OutlineCheck(ProjectRecord):
    """An uploaded .docx proposal, FSR or design compared with its outline (附件2 / 附件3; R3.6,
    R9.3): kept beside its document, in a table of its own (the documents' table keeps its
    triggers), so that the page shows it and the submission's guard reads it. The chapters are
    kept as their headings (第三章 项目需求分析), as the version's outline named them then."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="+")
    document = models.OneToOneField(
        Document, models.CASCADE, verbose_name="文件", related_name="outline_check"
    )
    outline = models.CharField("提纲", max_length=20)  # the outline's code: proposal, design
    policy_id = models.CharField("政策版本", max_length=40)
    readable = models.BooleanField("可读取", default=True)
    missing = models.JSONField("缺少的章", default=list)
    misordered = models.JSONField("顺序不对的章", default=list)
    sections_missing = models.JSONField("缺少的节", default=list)  # [[chapter, [sections]], …]
    headings = models.JSONField("读到的标题", default=list)  # [[level, text], …]
    # 附件3 第十二章: the five-year O&M budget its text states (R5.5), in yuan.
    om_budget = money_field("第十二章所列5年运维费预算（元）", null=True, blank=True)
    checked_at = models.DateTimeField("检查时间", default=clock.now)

    class Meta:
        verbose_name = "提纲检查"
        verbose_name_plural = "提纲检查"
        constraints = [
            models.CheckConstraint(
                condition=Q(om_budget__isnull=True) | Q(om_budget__gte=0),
                name="outline_om_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}的提纲检查"

    @property
    def ok(self) -> bool:
        """Every chapter there and in order (a missing section is told, not held against it)."""
        return self.readable and not self.missing and not self.misordered
