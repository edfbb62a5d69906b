"""Documents: what an upload names, and a document as the list shows it."""

from django.urls import reverse
from ninja import Field, Schema

from govit.api.schemas.common import LocalDateTime
from govit.documents import selectors


class DocumentIn(Schema):
    kind: str = Field(
        title="文件类型", description="proposal、fsr、design、budget、approval 等", max_length=30
    )


class MissingSectionsOut(Schema):
    chapter: str
    sections: list[str]


class OutlineOut(Schema):
    """The outline check of a proposal, FSR or design (附件2 / 附件3, R9.3), as the page shows it
    beside the document: only a .docx's headings are read; any other file is not checked."""

    checked: bool = Field(description="是否检查了提纲（只读取 .docx 文件的标题）")
    follows: bool = Field(description="各章齐全、顺序正确（未检查的文件不视为不符）")
    summary: str = Field(description="页面上显示的检查结果")
    outline: str | None = Field(description="所依提纲：proposal（附件2）、design（附件3）")
    readable: bool | None = Field(description="能否读取该 Word 文件的标题")
    problems: list[str] = Field(description="与提纲不符之处")
    missing: list[str] = Field(description="缺少的章")
    misordered: list[str] = Field(description="顺序不对的章")
    sections_missing: list[MissingSectionsOut] = Field(description="未找到的节（只提示，不视为不符）")


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    version: int
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    sha256: str
    state: str = Field(description="上传时项目所处环节")
    uploaded_at: LocalDateTime
    uploaded_by: str = Field(alias="uploaded_by.name")
    download_url: str
    outline: OutlineOut | None = Field(description="提纲检查（项目建议书、可行性研究报告、初步设计方案）")

    @staticmethod
    def resolve_kind_label(document) -> str:
        return document.get_kind_display()

    @staticmethod
    def resolve_download_url(document) -> str:
        return reverse("api:document_download", args=[document.pk])

    @staticmethod
    def resolve_outline(document) -> dict | None:
        note = getattr(document, "outline_note", None)  # selectors.with_outline_notes
        if note is None:
            return None
        check = getattr(document, "outline_check", None)
        if check is None:  # a file of an outlined kind that is no .docx
            return {"checked": False, "follows": note[1], "summary": note[0], "outline": None, "readable": None,
                    "problems": [], "missing": [], "misordered": [], "sections_missing": []}  # fmt: skip
        return {
            "checked": True, "follows": note[1], "summary": note[0], "outline": check.outline,
            "readable": check.readable, "problems": selectors.problems(check), "missing": check.missing,
            "misordered": check.misordered,
            "sections_missing": [{"chapter": c, "sections": s} for c, s in check.sections_missing],
        }  # fmt: skip
