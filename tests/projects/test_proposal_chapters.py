"""The proposal's chapters (附件2) have one source, the policy's outline: the model keeps one text
field per chapter (Proposal.CODES, mapped by order), and their titles and guidance — in the form,
the guard's list of what is missing, the project page — are the version's outline's."""

from dataclasses import replace

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from tests.fixtures.outlines import reword, reworded

from govit import clock
from govit.api.schemas.writes import ProposalIn
from govit.policy import available_policies, load_policy, policy_in_force
from govit.projects import demo as demo_module
from govit.projects import services
from govit.projects.forms import ProposalForm
from govit.projects.models import Proposal
from govit.projects.models import application as application_models
from govit.workflow import guards

CODES = ("purpose", "necessity", "requirements", "plan", "investment")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


@pytest.mark.parametrize("rules", available_policies(), ids=lambda p: p.id)
def test_the_chapters_are_the_policy_outlines_in_order_keyed_by_the_fields(rules):
    outline = rules.outlines["proposal"]
    chapters = Proposal.chapters(rules)
    assert [c.code for c in chapters] == list(CODES) == list(Proposal.CODES)
    assert [c.title for c in chapters] == [c.heading for c in outline.chapters]
    assert [c.guidance for c in chapters] == [c.guidance for c in outline.chapters]
    assert chapters[0].title == "第一章 项目建设目的和背景"


def test_the_fields_verbose_names_are_the_titles_of_the_version_in_force():
    for chapter in Proposal.chapters(policy_in_force(clock.today())):
        assert Proposal._meta.get_field(chapter.code).verbose_name == chapter.title


def test_the_other_copies_are_keyed_by_the_same_codes_and_worded_alike():
    assert list(demo_module.CHAPTERS) == list(Proposal.CODES)
    titles = [c.title for c in Proposal.chapters(policy_in_force(clock.today()))]
    assert [ProposalIn.model_fields[code].title for code in Proposal.CODES] == titles


def test_an_outline_without_exactly_one_chapter_per_field_is_refused_loudly(monkeypatch):
    rules = load_policy("yuzhong-2021")
    short = reworded(rules, rules.outlines["proposal"].chapters[:4])
    with pytest.raises(ImproperlyConfigured, match="4 章"):
        Proposal.chapters(short)
    extra = rules.outlines["proposal"].chapters[-1]
    long = reworded(rules, (*rules.outlines["proposal"].chapters, replace(extra, number=6)))
    with pytest.raises(ImproperlyConfigured, match="6 章"):
        Proposal.chapters(long)
    # The same check runs when the model is imported, over every version there is.
    monkeypatch.setattr(application_models, "available_policies", lambda: [rules, short])
    with pytest.raises(ImproperlyConfigured, match="yuzhong-2021"):
        application_models._check_outlines()


def test_a_field_without_its_code_or_a_code_without_its_field_is_refused_loudly(monkeypatch):
    application_models._check_outlines()  # as shipped
    monkeypatch.setattr(application_models, "CHAPTER_CODES", CODES[:4])
    with pytest.raises(ImproperlyConfigured, match="CHAPTER_CODES"):
        application_models._check_outlines()


def test_a_change_in_the_outline_shows_in_the_form_labels_and_help(monkeypatch):
    rules = reword(monkeypatch, "yuzhong-2021", 2, "项目建设的必要性与可行性", "包含新的说明")
    form = ProposalForm(rules=rules)
    assert form.fields["necessity"].label == "第二章 项目建设的必要性与可行性"
    assert form.fields["necessity"].help_text == "包含新的说明"
    assert form.fields["purpose"].label == "第一章 项目建设目的和背景"
    assert form.fields["requirements"].help_text == rules.outlines["proposal"].chapter(3).guidance


def test_the_new_application_page_shows_the_outline_of_the_version_in_force(monkeypatch, client_for):
    reword(monkeypatch, "yuzhong-2021", 4, "项目建设内容与方案", "包含改写的说明")
    page = client_for("jiaowei_unit").get("/projects/new/").content.decode()
    assert "第四章 项目建设内容与方案" in page and "包含改写的说明" in page
    assert "第四章 项目建设方案" not in page


def test_the_guard_lists_the_missing_chapters_by_the_policys_titles(monkeypatch, new_project, demo):
    project = new_project(work_type="new")
    unit = demo["jiaowei_unit"]
    services.proposal_update(project=project, user=unit, chapters={"necessity": "", "plan": ""})
    reword(monkeypatch, "yuzhong-2021", 2, "建设必要性", "")
    assert guards.proposal_complete.check(project, {}) == [
        "新建项目须编制项目建议书，尚缺：第二章 建设必要性、第四章 项目建设方案"
    ]
    assert Proposal.objects.get(project=project).missing_chapters() == [
        "第二章 建设必要性",
        "第四章 项目建设方案",
    ]
    Proposal.objects.filter(project=project).delete()
    (unmet,) = guards.proposal_complete.check(project, {})
    assert unmet.endswith("尚缺：第一章 项目建设目的和背景、第二章 建设必要性、第三章 项目需求分析、"
                          "第四章 项目建设方案、第五章 项目投资估算和资金筹措")  # fmt: skip


def test_the_project_page_heads_the_proposal_by_the_policys_titles(monkeypatch, new_project, client_for):
    project = new_project(work_type="new")
    reword(monkeypatch, "yuzhong-2021", 5, "投资估算", "")
    page = client_for("jiaowei_unit").get(f"/projects/{project.pk}/").content.decode()
    assert "<dt>第五章 投资估算</dt><dd>投资估算。</dd>" in page
    assert "<dt>第一章 项目建设目的和背景</dt>" in page
