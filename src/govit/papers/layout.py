"""An official document (公文) laid out to GB/T 9704-2012 《党政机关公文格式》, as .docx.

Pure python-docx, no Django: `Paper` says what the document says, `docx_of(paper)` lays it out.

The measures are the standard's (its clause in brackets):
- A4, 版心 156 × 225 mm, 天头 37 mm, 订口 28 mm (5.2); 22 lines of 28 characters of 3号仿宋 (5.2.2):
  the line pitch is fixed at 225 mm / 22 (28.95 pt) and the characters are set 0.25 pt closer than 16 pt, so
  that 28 fill 156 mm whatever font stands in.
- 版头 (7.2): the issuing organ's mark in red 小标宋, its top 35 mm below the 版心's top edge; the
  发文字号 two lines below it; the red separator line 4 mm below that, as wide as the 版心.
- 主体 (7.3): the title in 2号小标宋 one line below the separator; the addressee; the text in 3号仿宋
  with headings 一、 in 黑体, （一） in 楷体, 1. in 仿宋 bold; the signature and 成文日期 (Arabic
  numerals, year, month and day in full) right-aligned four characters in, the organ centred over it,
  room above for the seal; 附注 in brackets.
- 版记 (7.4): 抄送 and 印发机关/印发日期 in 4号仿宋 between separator lines (0.35 mm outside,
  0.25 mm between), at the foot of the last page.
- 页码 (7.5): "— 1 —" in 4号半角宋体, 7 mm below the 版心, odd pages right and even pages left, one
  character from the edge.
"""

import math
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Fonts by the names Word and WPS know on a government PC; LibreOffice stands in its CJK fonts.
XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
SIZE_2, SIZE_3, SIZE_4 = 22, 16, 14  # 二号, 三号, 四号 in points
RED = RGBColor(0xE6, 0x00, 0x12)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)  # 天头, 订口
BLOCK_WIDTH, BLOCK_HEIGHT = Mm(156), Mm(225)  # 版心
RIGHT, BOTTOM = PAGE_WIDTH - LEFT - BLOCK_WIDTH, PAGE_HEIGHT - TOP - BLOCK_HEIGHT
LINES, CHARACTERS = 22, 28
# 28.95 pt (579 twentieths, Word's unit: the 28.99 of 225 mm / 22 rounded down, so 22 fit, 23 do not)
LINE_PITCH = Pt(math.floor(BLOCK_HEIGHT.pt / LINES * 20) / 20)
CHARACTER_SPACING = Pt(-0.25)  # 15.75 pt a character: 28 fit 156 mm (442.2 pt), 29 do not
MARK_TOP = Mm(35)  # 下行文: the mark's top below the 版心's top edge
FOOTER_DISTANCE = Mm(35 - 7) - Pt(SIZE_4 * 1.2)  # the number's line 7 mm below the 版心


@dataclass(frozen=True)
class Block:
    """One paragraph of the text: level 0 is body text, 1 一、, 2 （一）, 3 1., 4 （1）."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Paper:
    organ: str  # 发文机关全称, the mark reads "<organ>文件"
    number: str  # 发文字号: 渝中大数据〔2026〕12号
    title: str
    addressee: str  # 主送机关
    blocks: tuple[Block, ...]
    signed_on: date  # 成文日期
    signature: str = ""  # 发文机关署名; the organ when empty
    note: str = ""  # 附注, without its brackets
    copies_to: tuple[str, ...] = ()  # 抄送
    printer: str = ""  # 印发机关; the organ's office when empty
    printed_on: date | None = None  # 印发日期; 成文日期 when empty
    mark: str = ""  # 发文机关标志; "<organ>文件" when empty


TITLE_CHARACTERS = int(BLOCK_WIDTH.pt // SIZE_2)  # 20 characters of 2号 in the 156 mm


def title_lines(title: str) -> list[str]:
    """The title's lines: its phrases (split by "\\n": 关于<project> / <subject> / 的批复) packed
    into lines of at most 20 characters, so that no line breaks inside a phrase that fits on one."""
    lines: list[str] = []
    for phrase in title.split("\n"):
        for start in range(0, len(phrase), TITLE_CHARACTERS):
            chunk = phrase[start : start + TITLE_CHARACTERS]
            if lines and len(lines[-1]) + len(chunk) <= TITLE_CHARACTERS:
                lines[-1] += chunk
            else:
                lines.append(chunk)
    return lines


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, year, month and day in full."""
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _spacing(run, spacing: Pt) -> None:
    element = OxmlElement("w:spacing")
    element.set(qn("w:val"), str(round(spacing.pt * 20)))
    run._element.get_or_add_rPr().append(element)


def _paragraph(container, text: str = "", *, font: str = FANGSONG, size: float = SIZE_3,
               bold: bool = False, color: RGBColor | None = None, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               indent: float = 0, right: float = 0, space_before=None):  # fmt: skip
    """A paragraph on the line grid: exactly one line pitch a line, indents in characters."""
    paragraph = container.add_paragraph()
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_PITCH
    layout.space_before, layout.space_after = space_before or Pt(0), Pt(0)
    layout.widow_control = False  # a page holds 22 lines, not 21 to keep a paragraph's last two
    layout.first_line_indent = Pt(indent * size) if indent > 0 else None
    layout.left_indent = Pt(-indent * size) if indent < 0 else None
    layout.right_indent = Pt(right * size) if right else None
    paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        _font(run, font, size, bold=bold, color=color)
        if size == SIZE_3:
            _spacing(run, CHARACTER_SPACING)
    return paragraph


def _rule(paragraph, *, color: str, eighths: int, side: str = "bottom", space: int = 0) -> None:
    """A line as wide as the 版心 along the paragraph's `side` (width in eighths of a point)."""
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", str(space)), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def _page_number(footer, *, odd: bool) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    layout = paragraph.paragraph_format
    layout.right_indent, layout.left_indent = (Pt(SIZE_4), None) if odd else (None, Pt(SIZE_4))
    _font(paragraph.add_run("— "), SONG, SIZE_4)
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    _font(run, SONG, SIZE_4)
    run._element.addprevious(number)
    number.append(run._element)
    _font(paragraph.add_run(" —"), SONG, SIZE_4)


def _no_grid(section) -> None:
    """No 文档网格: the exact line pitch and the character spacing make the 22 × 28 page in Word,
    WPS and LibreOffice alike (LibreOffice's character grid gives a character that is a hair wider
    than its cell two cells)."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        section._sectPr.remove(grid)


def _page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    _no_grid(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, Pt(SIZE_3)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_after = Pt(0)
    # No extra space between Chinese and Arabic numerals or Latin letters (Word's and LibreOffice's
    # default adds a quarter character): 〔2026〕12号, 2026年12月2日 as typed.
    _no_autospace(normal.element.get_or_add_pPr())


# What follows autoSpaceDN in a paragraph's properties (CT_PPrBase's order).
AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                   "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                   "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip


def _no_autospace(properties) -> None:
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        if properties.find(qn(tag)) is None:
            element = OxmlElement(tag)
            element.set(qn("w:val"), "0")
            properties.insert_element_before(element, *AFTER_AUTOSPACE)


HEADINGS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True), 4: (FANGSONG, False)}


def _head(document, paper: Paper) -> None:
    mark = paper.mark or f"{paper.organ}文件"
    size = min(36.0, BLOCK_WIDTH.pt * 0.95 / len(mark))
    # The mark's line is as tall as its characters; its top sits MARK_TOP below the 版心's top.
    heading = _paragraph(document, mark, font=XIAOBIAOSONG, size=size, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
                         space_before=MARK_TOP)  # fmt: skip
    heading.paragraph_format.line_spacing = Pt(size * 1.25)
    _paragraph(document)
    _paragraph(document)
    number = _paragraph(document, paper.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(number, color="E60012", eighths=12, space=11)  # 4 mm (11 pt) below the number's line
    _paragraph(document)


def _body(document, paper: Paper) -> None:
    for line in title_lines(paper.title):
        _paragraph(document, line, font=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document)
    _paragraph(document, f"{paper.addressee}：")
    for block in paper.blocks:
        font, bold = HEADINGS.get(block.level, (FANGSONG, False))
        for text in block.text.split("\n"):
            _paragraph(document, text, font=font, bold=bold, indent=2)


def _signature(document, paper: Paper) -> None:
    """The 成文日期 four characters in from the right, the organ centred over it (GB/T 9704 7.3.5.1,
    a sealed document), two lines below the text for the seal: both lines on one centre tab."""
    signed = chinese_date(paper.signed_on)
    # Arabic numerals are half as wide as a character in 仿宋 (each closer by the text's spacing).
    width = sum((SIZE_3 / 2 if c.isdigit() else SIZE_3) + CHARACTER_SPACING.pt for c in signed)
    centre = Pt(BLOCK_WIDTH.pt - 4 * SIZE_3 - width / 2)
    _paragraph(document)
    _paragraph(document)
    for text in (paper.signature or paper.organ, signed):
        line = _paragraph(document, align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.tab_stops.add_tab_stop(centre, WD_TAB_ALIGNMENT.CENTER)
        run = line.add_run(f"\t{text}")
        _font(run, FANGSONG, SIZE_3)
        _spacing(run, CHARACTER_SPACING)
    if paper.note:
        _paragraph(document, f"（{paper.note}）", indent=2)


# The order of a table's properties in OOXML (CT_TblPr): a property out of order is ignored.
TABLE_PROPERTIES = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")  # fmt: skip


def _property(properties, tag: str, **values: str) -> None:
    element = properties.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        properties.insert_element_before(element, *TABLE_PROPERTIES[TABLE_PROPERTIES.index(tag) + 1 :])
    for key, value in values.items():
        element.set(qn(f"w:{key}"), value)


def _line(borders, side: str, eighths: int | None) -> None:
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single" if eighths else "nil")
    if eighths:
        line.set(qn("w:sz"), str(eighths))
        line.set(qn("w:color"), "000000")
    borders.append(line)


def _record(document, paper: Paper) -> None:
    """版记 at the foot of the last page (its last line the 版心's last): 抄送 and the 印发 line
    between black lines as wide as the 版心 (0.35 mm outside, 0.25 mm between), 4号仿宋 one
    character in from each side. A table of one column in a text box anchored to the bottom of the
    版心 (`_at_the_foot`), the text above it kept clear of it."""
    printed = chinese_date(paper.printed_on or paper.signed_on)
    lines = [f"抄送：{'，'.join(paper.copies_to)}。"] if paper.copies_to else []
    lines.append(f"{paper.printer or paper.organ + '办公室'}\t{printed}印发")
    table = document.add_table(rows=len(lines), cols=1)
    table.autofit = False
    properties = table._tbl.tblPr
    _property(properties, "w:tblW", w=str(round(BLOCK_WIDTH.pt * 20)), type="dxa")
    _property(properties, "w:tblInd", w="0", type="dxa")
    _property(properties, "w:tblCellMar")  # no padding: the lines are exactly the 版心's width
    margins = properties.find(qn("w:tblCellMar"))
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    last = len(lines) - 1
    for k, (row, text) in enumerate(zip(table.rows, lines, strict=True)):
        cell = row.cells[0]
        cell.width = BLOCK_WIDTH
        borders = OxmlElement("w:tcBorders")
        _line(borders, "top", 8 if k == 0 else 6)
        _line(borders, "left", None)
        _line(borders, "bottom", 8 if k == last else 6)
        _line(borders, "right", None)
        cell._tc.get_or_add_tcPr().append(borders)
        paragraph = cell.paragraphs[0]
        layout = paragraph.paragraph_format
        layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        layout.left_indent, layout.right_indent = Pt(SIZE_4), Pt(SIZE_4)
        layout.tab_stops.add_tab_stop(BLOCK_WIDTH - Pt(SIZE_4), WD_TAB_ALIGNMENT.RIGHT)
        _font(paragraph.add_run(text), FANGSONG, SIZE_4)
    # The document ends in the paragraph that holds the box: one of a point, so that it never takes
    # a page of its own; the box goes to the foot of the page it falls on, the last.
    end = document.add_paragraph()
    end.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    end.paragraph_format.line_spacing = Pt(1)
    end.paragraph_format.space_after = Pt(0)
    end._p.append(_at_the_foot(table._tbl, height=Pt(len(lines) * LINE_PITCH.pt + 2)))


# A DrawingML text box (Word 2010's wps shape, read by WPS and LibreOffice alike), anchored to the
# 版心: centred, its bottom on the 版心's bottom, the text wrapped above and below it.
FOOT = """<w:r xmlns:w="{w}" xmlns:wp="{wp}" xmlns:a="{a}" xmlns:wps="{wps}"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="0"
 layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>
<wp:docPr id="1" name="版记"/><wp:cNvGraphicFramePr/><a:graphic>
<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"><a:noAutofit/></wps:bodyPr>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}


def _at_the_foot(table, *, height: Pt):
    """A run holding `table` (moved out of the text) in a box at the foot of the 版心."""
    run = parse_xml(FOOT.format(cx=int(BLOCK_WIDTH), cy=int(height), **NAMESPACES))
    content = run.find(f".//{{{NAMESPACES['w']}}}txbxContent")
    table.getparent().remove(table)
    content.append(table)
    content.append(OxmlElement("w:p"))  # a text box's content ends in a paragraph, as a cell's does
    return run


def docx_of(paper: Paper) -> bytes:
    """The document as a .docx that opens in Word, WPS and LibreOffice as it is."""
    document = WordDocument()
    document._body.clear_content()
    _page(document)
    _head(document, paper)
    _body(document, paper)
    _signature(document, paper)
    _record(document, paper)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
