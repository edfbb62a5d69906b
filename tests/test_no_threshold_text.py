"""No threshold, date or percentage of the Rules is written outside the policy data (issue 8 §2).

A revised regulation is a new data file (R9.4): every "09-30", "100万元以上", "10%", "1000万",
"2个月" or "7个工作日" a page, form, refusal, reminder, API description or label shows is made from
the project's own version (govit.policy.wording). This test reads every source file and fails on
any such text, except the few below that are not a rule's number, each with its reason.
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

PATTERN = re.compile(
    r"09-30|9月30|9月底|[0-9]+万元?以[上下]|[0-9]+万|[0-9]+\s*[%％](?!\})|[0-9]+\s*个月|[0-9]+\s*个工作日"
    r"|两个月|七个工作日|百分之"
)

# Where the numbers belong: the data files (and with them the 29 articles' texts), and the
# migrations, which record the models as they were when each was written.
EXCLUDED = ("govit/policy/data/", "/migrations/")

# (file, text, why it may stay): each text is removed from its file's lines before the pattern is
# looked for, so an exception covers that text only, not the rest of its line.
ALLOWED: tuple[tuple[str, str, str], ...] = (
    ("govit/policy/wording.py", r".+", "the one module that words the numbers from the data: its "
     "docstrings show what it makes of yuzhong-2021's"),
    ("govit/policy/money.py", r"10万亿元", "MAX_AMOUNT, a bound on what a person may type, no rule"),
    ("govit/policy/money.py", r"\(\"1200万\", \"0\.5万元\"\)", "examples of the amount format"),
    ("govit/policy/money.py", r"1200万）", "an example of the amount format in the refusal"),
    ("govit/projects/models/fields.py", r"10万亿元", "MAX_AMOUNT, a bound on input, no rule"),
    ("govit/projects/forms.py", r'"1200万"', "an example of the amount format"),
    ("govit/construction/forms.py", r'"1200万"', "an example of the amount format"),
    ("govit/projects/templatetags/govit_projects.py", r'"1,200\.00万元"', "an example of the filter's output"),
    ("govit/api/schemas/common.py", r"800万", "an example of the amount format in the API's help"),
    ("govit/construction/schemas.py", r'\("800万"\)', "an example of the amount format"),
    ("govit/projects/demo.py", r'"[0-9]+万"', "the demo projects' own amounts, facts not thresholds"),
    ("govit/projects/demo.py", r"约 5 万件|建设期 12 个月", "the demo proposal's text, facts not rules"),
)  # fmt: skip


def _sources() -> list[Path]:
    files = [p for ext in ("py", "html", "txt") for p in SRC.rglob(f"*.{ext}")]
    return sorted(p for p in files if not any(part in p.as_posix() for part in EXCLUDED))


def _relative(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def offending_lines(path: Path, text: str, used: set[int] | None = None) -> list[str]:
    """The lines of `text` (the file at `path`) with a rule's number outside the allowed texts."""
    rules = [
        (i, re.compile(allowed)) for i, (file, allowed, _) in enumerate(ALLOWED) if file == _relative(path)
    ]
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for index, allowed in rules:
            line, count = allowed.subn("", line)
            if count and used is not None:
                used.add(index)
        if PATTERN.search(line):
            found.append(f"{_relative(path)}:{number}: {line.strip()}")
    return found


def test_no_rule_number_is_written_outside_the_policy_data():
    used: set[int] = set()
    found = [line for path in _sources() for line in offending_lines(path, path.read_text("utf-8"), used)]
    assert not found, "a rule's number written outside the policy data:\n" + "\n".join(found)
    stale = [ALLOWED[i][:2] for i in range(len(ALLOWED)) if i not in used]
    assert not stale, f"exceptions that no longer match anything (remove them): {stale}"


def test_it_reads_the_folders_where_the_texts_are():
    names = {_relative(p) for p in _sources()}
    assert "govit/workflow/guards.py" in names
    assert "govit/projects/templates/projects/list.html" in names
    assert not any(n.startswith("govit/policy/data/") or "/migrations/" in n for n in names)


@pytest.mark.parametrize(
    "line",
    [
        '    return [Unmet(21, "尚有超出10%的变更未重新批复，不能验收")]',
        "<p>签订当日不计入，第7个工作日为备案截止日</p>",
        'help_text="每年9月30日前申报下一年度项目（第九条）"',
        "{{ year|add:-1 }}-09-30 前申报",
        'COMBINED = "combined", "可研及概算合并审批（1000万元以下）"',
        'reason = f"试运行未满2个月"',
        "项目金额100万元以上，应签订信息化监理合同",
        "试运行满两个月",
        "第十六条：签订后 7 个工作日内",
        "超出 10 %",
    ],
)
def test_it_catches_a_number_written_into_a_text(line):
    assert offending_lines(SRC / "govit/projects/guards.py", line)


def test_a_template_tag_is_no_percentage():
    assert not offending_lines(SRC / "govit/projects/templates/projects/list.html", "{% if n > 1 %}")


def test_an_exception_covers_its_own_text_only():
    demo = SRC / "govit/projects/demo.py"
    assert not offending_lines(demo, 'DemoProject("jfb", "平台", "new", "500万", "fsr",')
    assert offending_lines(demo, 'DemoProject("jfb", "平台", "new", "500万", "fsr", "超出10%")')
