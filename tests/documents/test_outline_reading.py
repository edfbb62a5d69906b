"""Reading a .docx's headings (govit.documents.outline) and comparing them with 附件2 / 附件3
(govit.policy.outline): each way a unit's file marks its headings, a chapter missing, chapters out
of order, the comparison's edge cases and chapter 12's five-year O&M budget (R3.6, R5.5, R9.3)."""

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document as WordDocument
from tests.documents.outline_files import BODY, OUTLINES, chapters_of, report

from govit.documents.outline import Unreadable, read_lines
from govit.policy import load_policy
from govit.policy.numerals import number_of
from govit.policy.outline import Line, chapter_lines, compare, numbering, om_budget_in, similarity

DESIGN, PROPOSAL = OUTLINES["design"], OUTLINES["proposal"]


def _check(content: bytes, outline=DESIGN):
    lines = read_lines(BytesIO(content))
    return compare(outline, lines), lines


# --- The outlines are the Rules' --------------------------------------------------------------


def test_the_proposal_outline_is_attachment_2s_five_chapters_cited_at_article_9():
    assert (PROPOSAL.attachment, PROPOSAL.article, PROPOSAL.kinds) == (2, 9, ("proposal",))
    assert [c.heading for c in PROPOSAL.chapters] == [
        "第一章 项目建设目的和背景", "第二章 项目建设的必要性", "第三章 项目需求分析",
        "第四章 项目建设方案", "第五章 项目投资估算和资金筹措",
    ]  # fmt: skip
    assert PROPOSAL.chapter(5).guidance == "项目总投资估算、资金来源与落实情况"


def test_the_design_outline_is_attachment_3s_thirteen_chapters_and_their_numbered_sections():
    assert (DESIGN.attachment, DESIGN.article, DESIGN.kinds) == (3, 13, ("fsr", "design"))
    assert DESIGN.title == "渝中区政务信息化项目初步设计编制大纲"
    assert [len(c.sections) for c in DESIGN.chapters] == [9, 2, 8, 7, 4, 17, 5, 2, 1, 2, 3, 5, 2]
    assert DESIGN.chapter(12).heading == "第十二章 项目运维方案"
    assert DESIGN.chapter(12).sections[4].heading == "5. 运维费预算（按5年预算）"
    assert DESIGN.chapter(5).sections[1].guidance.startswith("（1）业务效能目标指标")
    assert DESIGN.om_budget == (12, 5)


def test_a_later_version_changes_an_outline_in_its_data_file_alone(monkeypatch):
    from pathlib import Path

    from govit.policy.versions import POLICY_DIRS_VARIABLE

    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(Path(__file__).parents[1] / "policy" / "data"))
    assert load_policy("test-2031").outlines["design"].chapter(13).title == "风险及效益分析"
    assert load_policy("yuzhong-2021").outlines["design"].chapter(13).title == "风险及效益"


# --- Each way headings are written -----------------------------------------------------------


@pytest.mark.parametrize("way", ["word", "localized", "numbered", "wps"])
def test_a_complete_report_follows_the_outline_however_its_headings_are_marked(way):
    found, lines = _check(report(chapters_of("design", numbered=way != "wps"), way=way))
    assert found.ok and not found.sections_missing
    assert [line.text for line in found.headings if line.level == 1][:2] == (
        ["第一章 项目概述", "第二章 项目单位概况"] if way != "wps" else ["项目概述", "项目单位概况"]
    )
    assert len(found.headings) == 13 + sum(len(c.sections) for c in DESIGN.chapters)
    assert Line(None, BODY) in lines  # the text is kept as text


@pytest.mark.parametrize("way", ["word", "numbered", "wps"])
def test_a_missing_chapter_is_named(way):
    found, _ = _check(report(chapters_of("design", drop=(6,), numbered=way != "wps"), way=way))
    assert [c.heading for c in found.missing] == ["第六章 本期项目设计方案"]
    assert not found.misordered and not found.ok


@pytest.mark.parametrize("way", ["word", "numbered", "wps"])
def test_chapters_out_of_order_are_named(way):
    order = [1, 2, 4, 3, *range(5, 14)]
    found, _ = _check(report(chapters_of("design", order=order, numbered=way != "wps"), way=way))
    assert not found.missing
    assert [c.number for c in found.misordered] == [3]


def test_the_other_numberings_of_a_plain_paragraph_are_chapters_and_sections():
    written = [("第1章 项目建设目的和背景", [], []), ("二、项目建设的必要性", [], []),
               ("三．项目需求分析", [], []), ("第 四 章　项目建设方案", [], []), ("五、项目投资估算和资金筹措", [], [])]  # fmt: skip
    found, _ = _check(report(written, way="numbered"), PROPOSAL)
    assert found.ok
    sections = [("第二章 项目单位概况", ["（一）项目单位与职能", "2.2 项目实施机构与职责"], [])]
    found, _ = _check(report(sections, way="numbered"))
    assert 2 not in [c.number for c, _ in found.sections_missing]


def test_a_long_numbered_sentence_and_a_table_of_contents_are_not_headings():
    document = WordDocument()
    document.add_paragraph(
        "1. 本系统面向全区中小学，覆盖学籍、师资、装备等业务，数据每日同步至区级平台并与智能中枢对接，确保数据一致。"
    )
    document.styles.add_style("toc 1", 1)
    document.add_paragraph("第一章 项目概述\t1", style="toc 1")
    out = BytesIO()
    document.save(out)
    assert [line.level for line in read_lines(BytesIO(out.getvalue()))] == [None]


def test_a_file_that_is_no_word_document_is_unreadable():
    with pytest.raises(Unreadable):
        read_lines(BytesIO(b"PK\x03\x04 not really a zip"))


# --- The comparison's edge cases -------------------------------------------------------------


def _lines(*texts: str) -> list[Line]:
    return [Line(1, t) for t in texts]


def test_titles_match_without_spaces_punctuation_or_number_and_by_similarity():
    assert similarity("第三章：项目 需求分析", "项目需求分析") == 1.0
    assert similarity("建设目的和背景", "项目建设目的和背景") == 0.9
    found = compare(
        PROPOSAL,
        _lines("项目建设目的与背景", "2.项目建设必要性", "项目需求分析。", "建设方案", "投资估算和资金筹措"),
    )
    assert found.ok


def test_a_chapter_matches_by_its_number_when_its_title_was_changed_or_left_out():
    found = compare(
        PROPOSAL, _lines("第一章 项目背景", "第二章", "第三章 需求", "第四章 实施计划", "第五章 资金")
    )
    assert found.ok


def test_similar_titles_of_two_chapters_are_told_apart():
    # 项目概述 (第一章) and 项目概算 (第十一章) differ by one character.
    found = compare(DESIGN, _lines("项目概算", "项目概述"))
    assert found.positions == {11: 0, 1: 1}
    assert [c.number for c in found.misordered] in ([11], [1])


def test_an_unknown_heading_is_ignored_and_a_repeated_chapter_counts_once():
    found = compare(
        PROPOSAL,
        _lines("目录", "前言", *[c.heading for c in PROPOSAL.chapters], "附件", "第一章 项目建设目的和背景"),
    )
    assert found.ok and found.positions[1] == 2


def test_an_empty_document_misses_every_chapter():
    found = compare(DESIGN, [])
    assert len(found.missing) == 13 and not found.misordered and not found.ok


def test_a_chapter_without_some_sections_is_told_but_not_counted_against():
    lines = [Line(1, c.heading) for c in DESIGN.chapters]
    lines.insert(1, Line(2, "1. 项目名称"))
    found = compare(DESIGN, lines)
    assert found.ok
    first = dict((c.number, [s.number for s in sections]) for c, sections in found.sections_missing)[1]
    assert first == list(range(2, 10))


def test_numbers_in_chinese_and_numbering_prefixes():
    assert [number_of(t) for t in ("一", "十", "十三", "二十一", "13", "零", "十十", "abc")] == [
        1,
        10,
        13,
        21,
        13,
        None,
        None,
        None,
    ]
    assert numbering("第十三章 风险及效益") == (1, 13, "风险及效益", True)
    assert numbering("1．项目名称")[:3] == (2, 1, "项目名称")
    assert numbering("（一）项目名称")[:2] == (2, 1)
    assert numbering("（1）业务效能目标指标")[0] == 3
    assert numbering("项目名称")[0] is None


# --- 第十二章: the five-year O&M budget (R5.5) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("五年运维预算 120万元", "1200000.00"),
        ("运维费用合计：1,200,000元", "1200000.00"),
        ("第1年24万元，第2年24万元……5年合计120万元", "1200000.00"),
        ("５年运维费预算为８６．５万元", "865000.00"),
    ],
)
def test_chapter_12_states_the_five_year_budget(text, amount):
    assert om_budget_in(["5. 运维费预算（按5年预算）", text]) == Decimal(amount)


def test_no_budget_is_read_where_none_is_stated():
    assert om_budget_in(["运维方式：运维外包", "五年运维费预算合计：×××万元"]) is None


def test_the_budget_is_read_from_chapter_12_only_and_from_its_table():
    body = {11: ["总投资 800万元，其中五年运维预算另计 999万元"], 12: [BODY, "运维费预算合计 150万元"]}
    found, lines = _check(report(chapters_of("design", body=body)))
    assert om_budget_in(chapter_lines(found, lines, 12)) == Decimal("1500000.00")
    document = WordDocument(BytesIO(report(chapters_of("design"))))
    late = document.add_table(rows=1, cols=2)  # at the end: in chapter 13, not read
    late.rows[0].cells[0].text, late.rows[0].cells[1].text = "五年运维费用合计", "999万元"
    table = document.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "五年运维费用合计", "1,000,000元"
    table.rows[0].cells[2].merge(table.rows[0].cells[1])
    heading = next(p for p in document.paragraphs if p.text == "第十二章 项目运维方案")
    heading._p.addnext(table._tbl)
    out = BytesIO()
    document.save(out)
    found, lines = _check(out.getvalue())
    assert Line(None, "五年运维费用合计 1,000,000元") in lines  # a merged cell is read once
    assert om_budget_in(chapter_lines(found, lines, 12)) == Decimal("1000000.00")
