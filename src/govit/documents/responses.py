"""A document served for download, the same from the pages and from the API."""

from django.http import FileResponse

from govit.documents import sniff
from govit.documents.models import Document


def download(document: Document) -> FileResponse:
    """The file as an attachment: its type the one GovIT determined on upload (never the uploader's),
    `nosniff` so the browser keeps to it, and its name made safe and given in RFC 5987 form."""
    response = FileResponse(document.file.open("rb"), content_type=sniff.served_type(document.content_type))
    response["Content-Disposition"] = sniff.content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
