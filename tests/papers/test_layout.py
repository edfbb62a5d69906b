"""GB/T 9704-2012 measured on the page: each document rendered by LibreOffice and read back — the
page, the margins, 22 lines of 28 characters, the 版头, the title and every page's number."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from tests.papers.render import MM, pages, to_pdf

from govit.papers.layout import (
    FANGSONG,
    HEITI,
    KAITI,
    LINE_PITCH,
    XIAOBIAOSONG,
    Block,
    Paper,
    chinese_date,
    docx_of,
    title_lines,
)

LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
CENTRE = LEFT + WIDTH / 2
SENTENCE = "经审核该项目建设内容与全区政务信息化总体规划相符数据资源共享和系统整合方案可行"  # no digits


def paper(paragraphs: int = 2, **fields) -> Paper:
    blocks = [Block("你单位报送的项目申报材料收悉现将审核意见函告如下："), Block("一、审核结论", 1)]
    blocks += [Block(SENTENCE * 3) for _ in range(paragraphs)]
    blocks += [Block("（一）建设内容", 2), Block(SENTENCE), Block("1.数据共享", 3), Block(SENTENCE * 2)]
    values = dict(
        organ="重庆市渝中区大数据发展局", number="渝中大数据〔2026〕12号",
        title="关于渝中区中小学智慧食堂监管平台\n项目申报的审核意见", addressee="重庆市渝中区教育委员会",
        blocks=tuple(blocks), signed_on=date(2026, 12, 2), note="联系人：李明轩，联系电话：023-63861001",
        copies_to=("区发展改革委", "区财政局"),
    )  # fmt: skip
    return Paper(**{**values, **fields})


def test_the_date_is_written_in_arabic_numerals_with_year_month_and_day_in_full():
    assert chinese_date(date(2026, 12, 2)) == "2026年12月2日"
    assert chinese_date(date(2027, 1, 31)) == "2027年1月31日"


def test_a_title_breaks_between_its_phrases_into_lines_of_20_characters_at_most():
    assert title_lines("关于渝中区中小学智慧食堂监管平台\n可行性研究报告及概算方案（代初设）\n的审核意见") == [
        "关于渝中区中小学智慧食堂监管平台", "可行性研究报告及概算方案（代初设）", "的审核意见",
    ]  # fmt: skip
    assert title_lines("关于解放碑街道视频会议系统\n合同备案\n的回执") == [
        "关于解放碑街道视频会议系统合同备案的回执"
    ]
    assert title_lines("关于" + "某" * 30 + "\n的批复") == ["关于" + "某" * 18, "某" * 12 + "的批复"]
    assert all(len(line) <= 20 for line in title_lines("甲" * 59 + "\n乙"))


def test_the_word_file_says_a4_the_margins_the_fonts_and_the_sizes():
    document = Document(BytesIO(docx_of(paper())))
    section = document.sections[0]
    mm = [
        round(length.mm, 1)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.left_margin,
            section.right_margin,
            section.bottom_margin,
        )
    ]
    assert mm == [210, 297, 37, 28, 26, 35]  # A4; the 版心 156 × 225 mm, 37 mm from the top, 28 from the left
    runs = {p.text: p.runs[0] for p in document.paragraphs if p.runs}
    mark = runs["重庆市渝中区大数据发展局文件"]
    assert mark.font.name == XIAOBIAOSONG and str(mark.font.color.rgb) == "E60012"
    assert runs["关于渝中区中小学智慧食堂监管平台"].font.name == XIAOBIAOSONG
    assert runs["关于渝中区中小学智慧食堂监管平台"].font.size.pt == 22  # 2号
    assert runs[SENTENCE].font.name == FANGSONG and runs[SENTENCE].font.size.pt == 16  # 3号
    assert runs["一、审核结论"].font.name == HEITI
    assert runs["（一）建设内容"].font.name == KAITI
    assert runs["1.数据共享"].font.name == FANGSONG and runs["1.数据共享"].font.bold
    for p in document.paragraphs:  # every line of the text on the 225 mm / 22 pitch
        if p.runs and p.runs[0].font.size and p.runs[0].font.size.pt == 16:
            assert p.paragraph_format.line_spacing == LINE_PITCH
    number = next(p for p in document.paragraphs if p.text == "渝中大数据〔2026〕12号")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012"  # the red separator under the 发文字号
    assert document.settings.odd_and_even_pages_header_footer  # 页码: odd right, even left


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Short, two-page and long documents, rendered once for the module."""
    found = {}
    for name, paragraphs in (("short", 0), ("two", 4), ("long", 14)):
        folder = tmp_path_factory.mktemp(name)
        found[name] = pages(to_pdf(docx_of(paper(paragraphs)), folder))
    return found


def _text_lines(page):
    """The lines of the 版心 (the page number is below it)."""
    return [line for line in page.lines if line.y1 <= BOTTOM + 2]


@pytest.mark.parametrize("name", ["short", "two", "long"])
def test_every_page_is_a4_with_the_text_inside_the_156_by_225_block(rendered, name):
    assert len(rendered[name]) >= {"short": 1, "two": 2, "long": 4}[name]
    for page in rendered[name]:
        assert abs(page.width - 210 * MM) < 1 and abs(page.height - 297 * MM) < 1
        for line in _text_lines(page):
            assert LEFT - 1 <= line.x0 and line.x1 <= RIGHT + 1, line
            assert TOP - 1 <= line.y0, line


def test_a_full_page_holds_22_lines_of_28_characters_on_the_pitch(rendered):
    full = rendered["long"][1:-1]  # the pages between the first (版头) and the last (署名, 版记)
    assert full
    for page in full:
        lines = _text_lines(page)
        assert len(lines) == 22
        pitches = {round(b.y0 - a.y0, 1) for a, b in zip(lines, lines[1:], strict=False)}
        assert all(abs(p - LINE_PITCH.pt) < 0.3 for p in pitches), pitches
        widths = [len(line.text) for line in lines if line.x0 < LEFT + 2 and line.x1 > RIGHT - 3]
        assert widths and set(widths) == {28}  # a full line of the text: 28 characters, no more


def test_every_page_has_its_number_outside_7_mm_below_the_block(rendered):
    for document in rendered.values():
        for n, page in enumerate(document, start=1):
            below = [line for line in page.lines if line.y0 > BOTTOM]
            assert [line.text for line in below] == [f"—{n}—"]
            number = below[0]
            assert 5 * MM < number.y0 - BOTTOM < 9 * MM
            if n % 2:  # odd pages right, one 4号 character in; even pages left
                assert abs(number.x1 - (RIGHT - 14)) < 3
            else:
                assert abs(number.x0 - (LEFT + 14)) < 3


def test_the_head_the_title_and_the_signature_stand_where_the_standard_puts_them(rendered):
    first = rendered["two"][0].lines
    mark, number = first[0], first[1]
    assert mark.text == "重庆市渝中区大数据发展局文件"
    assert abs((mark.x0 + mark.x1) / 2 - CENTRE) < 3
    assert abs(mark.y0 - TOP - 35 * MM) < 2 * MM  # 下行文: 35 mm below the 版心's top edge
    assert number.text == "渝中大数据〔2026〕12号" and abs((number.x0 + number.x1) / 2 - CENTRE) < 3
    titles = [line for line in first if line.text.startswith("关于") or line.text == "项目申报的审核意见"]
    assert [t.text for t in titles] == ["关于渝中区中小学智慧食堂监管平台", "项目申报的审核意见"]
    assert all(abs((t.x0 + t.x1) / 2 - CENTRE) < 3 for t in titles)
    last = rendered["two"][-1].lines
    texts = [line.text for line in last]
    signed = last[texts.index("2026年12月2日")]
    organ = last[texts.index("重庆市渝中区大数据发展局")]
    # 成文日期 four characters in (a character of slack: the stand-in font's numerals are wider than
    # 仿宋's half), the organ centred over it
    assert RIGHT - signed.x1 == pytest.approx(4 * 16, abs=16)
    assert abs((organ.x0 + organ.x1) / 2 - (signed.x0 + signed.x1) / 2) < 2
    assert texts.index("抄送：区发展改革委，区财政局。") > texts.index("2026年12月2日")
    printer = last[texts.index("重庆市渝中区大数据发展局办公室")]
    printed = last[texts.index("2026年12月2日印发")]
    assert abs(printer.y0 - printed.y0) < 1 and printer.x0 < printed.x0  # 印发机关 and 印发日期 on one line
    assert printer.x0 - LEFT == pytest.approx(14, abs=3) and RIGHT - printed.x1 == pytest.approx(14, abs=5)
    copies = last[texts.index("抄送：区发展改革委，区财政局。")]
    assert BOTTOM - 4 < printed.y1 <= BOTTOM + 1 and copies.y1 < printed.y0  # 版记 at the foot, 印发 last
