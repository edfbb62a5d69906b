"""Rendering a .docx as LibreOffice lays it out, and reading the pages back (poppler), so that the
layout tests measure the page, not only the XML. LibreOffice and poppler come from Debian
(`scripts/ensure-libreoffice.sh`, which `make test` runs); without them a layout test skips, and
fails in CI."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

MM = 72 / 25.4  # points in a millimetre
FONTS = Path(__file__).with_name("fonts.conf")  # Noto CJK standing in for 仿宋, 黑体 …


def required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("GOVIT_DOCUMENTS_REQUIRED") == "1"


def need_libreoffice() -> None:
    missing = [tool for tool in ("soffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed: run scripts/ensure-libreoffice.sh"
        if required():
            pytest.fail(message)
        pytest.skip(message)


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]


def _env() -> dict[str, str]:
    """LibreOffice's environment: the stand-in fonts, and the real clock (`make test-dates` moves
    the suite's with libfaketime; a layout does not depend on the day)."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("FAKETIME", "LD_PRELOAD"))}
    return {**kept, "FONTCONFIG_FILE": str(FONTS)}


def to_pdf(docx: bytes, folder: Path) -> Path:
    """The PDF LibreOffice writes of `docx` (its own profile per call: xdist workers run at once).
    LibreOffice adds a little space between Chinese and numerals whatever the document says
    (it ignores Word's autoSpaceDE), so a line with numerals is a little wider than in Word."""
    need_libreoffice()
    source = folder / "paper.docx"
    source.write_bytes(docx)
    profile = folder / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=120, env=_env(),
    )  # fmt: skip
    return folder / "paper.pdf"


def pages(pdf: Path) -> list[Page]:
    """Each page's size and its lines of text with their boxes (points, from the top left)."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    found = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        lines = []
        for x0, y0, x1, y1, body in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
            page[2],
            re.S,
        ):
            text = "".join(re.findall(r">([^<]*)</word>", body))
            lines.append(Line(float(x0), float(y0), float(x1), float(y1), text))
        found.append(Page(float(page[0]), float(page[1]), tuple(lines)))
    return found
