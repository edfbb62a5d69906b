"""Documents: what an upload names, and a document as the list shows it."""

from django.urls import reverse
from ninja import Field, Schema

from govit.api.schemas.common import LocalDateTime


class DocumentIn(Schema):
    kind: str = Field(
        title="文件类型", description="proposal、fsr、design、budget、approval 等", max_length=30
    )


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

    @staticmethod
    def resolve_kind_label(document) -> str:
        return document.get_kind_display()

    @staticmethod
    def resolve_download_url(document) -> str:
        return reverse("api:document_download", args=[document.pk])
