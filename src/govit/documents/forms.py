"""The document upload form (R3.10)."""

from django import forms

from govit.documents.models import UPLOADABLE_KINDS
from govit.front.fields import required_error


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类型", choices=UPLOADABLE_KINDS, error_messages=required_error("文件类型")
    )
    file = forms.FileField(
        label="文件", error_messages={"required": "请选择要上传的文件。", "empty": "文件为空。"},
        help_text="PDF、OFD、Word、WPS、Excel、图片或 ZIP，不超过 50 MB。",
    )  # fmt: skip
