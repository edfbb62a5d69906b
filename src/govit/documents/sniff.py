"""What an uploaded file is, read from its content, and how GovIT names it on the way out.

The uploader's extension says what the file should be and the browser's content type is whatever
the browser guessed; neither is trusted. The first bytes (and, for the zip-based formats, the
archive's directory) say what the file is: a .pdf must begin `%PDF-`, a .docx must be a zip holding
`[Content_Types].xml` and `word/`, a .doc an OLE compound file, and so on. An executable (MZ, ELF,
Mach-O, a script) is refused whatever it is called. The type stored, and served on download, is the
one GovIT determined.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or the end record of an empty archive
EXECUTABLES = (
    b"MZ",  # Windows (PE, DOS)
    b"\x7fELF",  # Linux, Unix
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal (and Java classes)
    b"#!",  # a script with its interpreter
)
HEAD = 8192


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str


PDF = FileType("PDF", "application/pdf")
OFD = FileType("OFD", "application/ofd")
DOC = FileType("Word（.doc）", "application/msword")
DOCX = FileType("Word（.docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
WPS = FileType("WPS 文字", "application/wps-office.wps")
XLS = FileType("Excel（.xls）", "application/vnd.ms-excel")
XLSX = FileType("Excel（.xlsx）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ET = FileType("WPS 表格", "application/wps-office.et")
JPEG = FileType("JPEG 图片", "image/jpeg")
PNG = FileType("PNG 图片", "image/png")
ZIP_ARCHIVE = FileType("ZIP 压缩包", "application/zip")

# The extensions govit.documents accepts, and the type each must be.
BY_EXTENSION = {
    ".pdf": PDF,
    ".ofd": OFD,
    ".doc": DOC,
    ".docx": DOCX,
    ".wps": WPS,
    ".xls": XLS,
    ".xlsx": XLSX,
    ".et": ET,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".zip": ZIP_ARCHIVE,
}
SERVED_TYPES = {file_type.content_type for file_type in BY_EXTENSION.values()}
UNKNOWN = "application/octet-stream"

EXECUTABLE = "“{name}”是可执行程序，不能上传。请上传 PDF、OFD、Word、WPS、Excel、图片或 ZIP 文件。"
MISMATCH = "“{name}”的内容不是{label}文件，与扩展名“{extension}”不符；请上传原文件，或改正扩展名后重试。"


class ContentMismatch(ValueError):
    """The content is not what the extension says (or is a program)."""


def extension_of(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_names(file: BinaryIO) -> set[str] | None:
    # Only the archive's central directory is read: nothing is unpacked.
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


def _is(expected: FileType, head: bytes, file: BinaryIO) -> bool:
    if expected is PDF:
        return head.startswith(b"%PDF-")
    if expected in (DOC, XLS, WPS, ET):
        return head.startswith(OLE)
    if expected is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if expected is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(ZIP):
        return False
    names = _zip_names(file)
    if names is None:
        return False
    if expected is DOCX:
        return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    if expected is XLSX:
        return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
    if expected is OFD:
        return "OFD.xml" in names
    return True  # ZIP_ARCHIVE: any readable archive


def determine(name: str, file: BinaryIO) -> FileType:
    """The type of `file` if its content is what the extension of `name` says; else ContentMismatch.

    `file` must be seekable; it is left at its start. The extension must be one of BY_EXTENSION."""
    extension = extension_of(name)
    expected = BY_EXTENSION[extension]
    file.seek(0)
    head = file.read(HEAD)
    try:
        if head.startswith(EXECUTABLES):
            raise ContentMismatch(EXECUTABLE.format(name=name))
        file.seek(0)
        if not _is(expected, head, file):
            raise ContentMismatch(MISMATCH.format(name=name, label=expected.label, extension=extension))
    finally:
        file.seek(0)
    return expected


def served_type(stored: str) -> str:
    """The Content-Type a download is served with: GovIT's own determination, never another."""
    return stored if stored in SERVED_TYPES else UNKNOWN


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|;\u202a-\u202e\u2066-\u2069]')


def safe_filename(name: str) -> str:
    """The uploader's file name, fit for a header and a disk: no directory, no control or quoting
    characters, no leading dots, at most 150 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if len(name) > 150:
        extension = extension_of(name)[:16]
        name = name[: 150 - len(extension)] + extension
    return name or "file"


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real one in RFC 5987 form (filename*)."""
    name = safe_filename(name)
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    stem = fallback.removesuffix(extension_of(fallback))
    if not any(character.isalnum() for character in stem):
        fallback = "file" + extension_of(fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
