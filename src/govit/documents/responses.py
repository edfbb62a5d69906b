"""A document served for download, the same from the pages and from the API."""

import logging

from django.http import FileResponse, Http404

from govit.documents import sniff
from govit.documents.models import Document

logger = logging.getLogger("govit.documents")
MISSING = "该文件的内容已不在文件存储中，请联系系统管理员。"


def download(document: Document) -> FileResponse:
    """The file as an attachment: its type the one GovIT determined on upload (never the uploader's),
    `nosniff` so the browser keeps to it, and its name made safe and given in RFC 5987 form."""
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        # The record is there and its file is not (storage lost or restored without it): the
        # administrators must know; the person gets a 404 that says so, not a server error.
        logger.error("Document %s: its file %s is missing from storage", document.pk, document.file.name)
        raise Http404(MISSING) from None
    response = FileResponse(file, content_type=sniff.served_type(document.content_type))
    response["Content-Disposition"] = sniff.content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
