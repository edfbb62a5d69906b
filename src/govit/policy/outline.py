"""The outlines of 附件2 (the proposal, 第九条) and 附件3 (the FSR / preliminary design, 第十三条),
read from a version's data file, and a document's headings compared with them (R3.6, R9.3).

Pure: the headings come in as `Line`s (govit.documents.outline reads them from a .docx); the
comparison says which chapters are missing, which are out of order, and which sections a present
chapter lacks. Titles are matched tolerantly: spaces, punctuation and the number prefix do not
count, and a heading is a chapter by its title (equal, one inside the other, or similar enough),
else by its 第N章 number.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from govit.policy.money import AmountError, parse_amount
from govit.policy.numerals import chinese_number, number_of

SIMILAR = 0.6  # how alike two titles must be (difflib's ratio, after normalising) to be one


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    guidance: str = ""  # the Rules' own items under the section (附件3 第五章 2.)
    hint: str = ""  # GovIT's note for the writer (the templates show it in grey)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    sections: tuple[Section, ...] = ()
    guidance: str = ""  # the Rules' text under the chapter (附件2)

    @property
    def heading(self) -> str:
        return f"第{chinese_number(self.number)}章 {self.title}"


@dataclass(frozen=True)
class Outline:
    """One attachment's outline: its chapters in order, the article that asks for it, the document
    kinds it is checked against, and where its O&M budget is written (附件3 第十二章 5.)."""

    code: str
    title: str
    attachment: int
    article: int
    document: str
    kinds: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    om_budget: tuple[int, int] | None = None  # (chapter, section)

    def chapter(self, number: int) -> Chapter:
        return self.chapters[number - 1]


def build_outlines(raw: dict[str, Any]) -> dict[str, Outline]:
    """The `[outlines.*]` tables of a version's data file."""
    return {code: _outline(code, data) for code, data in raw.items()}


def _outline(code: str, data: dict[str, Any]) -> Outline:
    chapters = []
    for n, chapter in enumerate(data["chapters"], start=1):
        sections = []
        for m, section in enumerate(chapter.get("sections", ()), start=1):
            entry = {"title": section} if isinstance(section, str) else section
            sections.append(Section(m, entry["title"], entry.get("guidance", ""), entry.get("hint", "")))
        chapters.append(Chapter(n, chapter["title"], tuple(sections), chapter.get("guidance", "")))
    budget = data.get("om_budget")
    return Outline(
        code=code, title=data["title"], attachment=data["attachment"], article=data["article"],
        document=data["document"], kinds=tuple(data["kinds"]), chapters=tuple(chapters),
        om_budget=(budget["chapter"], budget["section"]) if budget else None,
    )  # fmt: skip


def outline_for(outlines: dict[str, Outline], kind: str) -> Outline | None:
    """The outline a document of `kind` follows (proposal → 附件2; fsr, design → 附件3), if any."""
    return next((o for o in outlines.values() if kind in o.kinds), None)


# --- A document's lines, and what their numbering says ----------------------------------------


@dataclass(frozen=True)
class Line:
    """One paragraph (or table row) of a document: a heading of `level` 1 (chapter) or 2 (section),
    or body text (level None)."""

    level: int | None
    text: str


_NUMERAL = "一二三四五六七八九十"
# The numberings a plain paragraph may begin with, and the heading level each means.
_NUMBERINGS = (
    (re.compile(rf"^第\s*([{_NUMERAL}\d]+)\s*章"), 1, True),
    (re.compile(rf"^([{_NUMERAL}]+)\s*[、．.]"), 1, False),
    (re.compile(rf"^[（(]\s*([{_NUMERAL}]+)\s*[）)]"), 2, False),
    (re.compile(r"^\d+\s*[.．]\s*(\d+)(?![.．]?\d)"), 2, False),  # 5.1: the section's own number
    (re.compile(r"^(\d+)\s*[.．、](?!\d)"), 2, False),
    (re.compile(r"^[（(]\s*(\d+)\s*[）)]"), 3, False),
)
HEADING_LENGTH = 50  # a numbered paragraph longer than this is text, not a heading


def clean(text: str) -> str:
    """NFKC (full-width digits and spaces to plain ones), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def numbering(text: str) -> tuple[int | None, int | None, str, bool]:
    """(level, number, the rest, whether it is a 第N章) of a paragraph's numbering; the level is
    None when the text begins with no numbering GovIT knows."""
    text = clean(text)
    for pattern, level, chapter in _NUMBERINGS:
        if match := pattern.match(text):
            return level, number_of(match[1]), text[match.end() :].strip(), chapter
    return None, None, text, False


def numbered_level(text: str) -> int | None:
    """The heading level a plain paragraph's numbering gives it: short, not a sentence."""
    text = clean(text)
    if len(text) > HEADING_LENGTH or text.endswith(("。", "；", ";", "：", ":")):
        return None
    return numbering(text)[0]


def normalise(text: str) -> str:
    """A title to compare: no numbering, no spaces, no punctuation or symbols."""
    rest = numbering(text)[2]
    return "".join(c for c in rest if not unicodedata.category(c).startswith(("P", "S", "Z", "C")))


def similarity(a: str, b: str) -> float:
    """1 for the same title, 0.9 for one inside the other, else how alike they are."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 2 and (a in b or b in a):
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


# --- The comparison -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """What a document's headings say against its outline."""

    outline: Outline
    headings: tuple[Line, ...]
    missing: tuple[Chapter, ...]
    misordered: tuple[Chapter, ...]
    sections_missing: tuple[tuple[Chapter, tuple[Section, ...]], ...]
    positions: dict[int, int] = field(default_factory=dict)  # chapter number → index in the lines

    @property
    def ok(self) -> bool:
        """No chapter missing or out of order (a missing section is told, not counted against)."""
        return not self.missing and not self.misordered


def _best(text: str, candidates: tuple[Any, ...], taken: set[int]) -> Any | None:
    """The chapter (or section) a heading is: by title, else by its 第N章 number, else none."""
    _, number, rest, explicit = numbering(text)
    free = [c for c in candidates if c.number not in taken]
    scored = sorted(
        ((similarity(rest, c.title), c.number == number, -c.number, c) for c in free), reverse=True
    )
    if scored and scored[0][0] >= SIMILAR:
        return scored[0][3]
    if number is not None and (explicit or not normalise(rest)):
        return next((c for c in free if c.number == number), None)
    return None


def _in_order(numbers: list[int]) -> set[int]:
    """The longest run of chapters in increasing order (the others are the misplaced ones)."""
    best: list[list[int]] = []
    for n in numbers:
        runs = [run for run in best if run[-1] < n]
        best.append([*max(runs, key=len, default=[]), n])
    return set(max(best, key=len, default=[]))


def compare(outline: Outline, lines: list[Line] | tuple[Line, ...]) -> Comparison:
    """The lines' chapters and sections against `outline`: missing, out of order, sections missing."""
    positions: dict[int, int] = {}
    sections: dict[int, set[int]] = {}
    current: Chapter | None = None
    for index, line in enumerate(lines):
        if line.level == 1:
            chapter = _best(line.text, outline.chapters, set(positions))
            if chapter is not None:
                positions[chapter.number] = index
                current, sections[chapter.number] = chapter, set()
        elif line.level == 2 and current is not None:
            section = _best(line.text, current.sections, sections[current.number])
            if section is not None:
                sections[current.number].add(section.number)
    order = sorted(positions, key=positions.__getitem__)
    kept = _in_order(order)
    lacking = tuple(
        (c, tuple(s for s in c.sections if s.number not in sections[c.number]))
        for c in outline.chapters
        if c.number in positions and c.sections and len(sections[c.number]) < len(c.sections)
    )
    return Comparison(
        outline=outline, headings=tuple(line for line in lines if line.level in (1, 2)),
        missing=tuple(c for c in outline.chapters if c.number not in positions),
        misordered=tuple(outline.chapter(n) for n in sorted(positions) if n not in kept),
        sections_missing=lacking, positions=positions,
    )  # fmt: skip


def chapter_lines(comparison: Comparison, lines: list[Line] | tuple[Line, ...], number: int) -> list[str]:
    """The text of chapter `number` as found: from its heading to the next chapter found after it."""
    start = comparison.positions.get(number)
    if start is None:
        return []
    after = [p for p in comparison.positions.values() if p > start]
    return [line.text for line in lines[start + 1 : min(after, default=len(lines))]]


# --- The five-year O&M budget in chapter 12 (R5.5) ---------------------------------------------------

_AMOUNT = re.compile(r"([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万元|万|元)")
# Where the total is said, the surest first: 合计 / 总计, then 五年 / 5年, then 预算.
_TOTAL_WORDS = (("合计", "总计"), ("五年", "5年", "五 年"), ("预算", "费用"))


def om_budget_in(texts: list[str]) -> Decimal | None:
    """The five-year O&M budget a chapter's text states (五年运维预算 followed by an amount in 万元
    or 元, or 运维费用合计 and one), read with the one amount parser; None when no line states one."""
    lines = [clean(t) for t in texts]
    for words in _TOTAL_WORDS:
        for line in lines:
            at = min((line.find(w) for w in words if w in line), default=-1)
            if at < 0:
                continue
            for match in _AMOUNT.finditer(line, at):
                try:
                    return parse_amount(match[1] + match[2])
                except AmountError:
                    continue
    return None
