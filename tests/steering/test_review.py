"""The BDB's list review heeds what the evaluations recommend (第二十六条第二款, R5.6), or overrides
it with a reason — else review_pass is refused citing the article; the event keeps the choice and
the recommendation as it stood, and the 审核意见 prints them. Where no recommendation applies, the
review passes as before."""

import io

import pytest
import time_machine
from docx import Document as Docx

from govit.papers import compose, services
from govit.projects import errors
from govit.steering.selectors import steering_for

pytestmark = pytest.mark.django_db

ADVICE = "绩效评价得分 65.75（合格）：可按需小幅调整运维经费，增幅不超过上年度的10%，本年度运维经费不超过27.50万元（上年度25.00万元）；本次申报28.00万元，超出建议额度"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        yield


def _opinion(project, demo) -> str:
    subject = next(s for s in compose.subjects_of(project) if s.record.action == "review_pass")
    content = services.preview_bytes(user=demo["bdb"], project=project, kind=subject.kind, key=subject.key)
    return "\n".join(p.text for p in Docx(io.BytesIO(content)).paragraphs)


def test_the_om_applications_recommendation_reads_its_systems_score_last_years_amount_and_the_request(
    om_application,
):
    found = steering_for(om_application)
    assert found.om and found.advice.text == ADVICE
    assert (found.last_year, found.last_year_source, found.requested) == (250000, "2026年度运维费用", 280000)
    assert [(e.year, e.by) for e in found.systems[0].evaluations] == [(2025, "unit")]


def test_without_a_choice_the_review_is_refused_citing_the_article(om_application, act):
    with pytest.raises(errors.NotPossible) as refused:
        act(om_application, "bdb", "review_pass")
    assert refused.value.article == 26 and "请选择是否采纳绩效评价结果运用建议" in str(refused.value)
    assert ADVICE in str(refused.value)


def test_overriding_needs_a_reason(om_application, act):
    for reason in ("", "   "):
        with pytest.raises(errors.NotPossible) as refused:
            act(om_application, "bdb", "review_pass", steering="override", steering_reason=reason)
        assert refused.value.article == 26 and "请写明理由" in str(refused.value)
    with pytest.raises(errors.InvalidInput):
        act(om_application, "bdb", "review_pass", steering="maybe")


def test_an_override_with_its_reason_passes_and_the_opinion_prints_it(om_application, act, demo):
    passed = act(om_application, "bdb", "review_pass", steering="override",
                 steering_reason="新增食材溯源接口运维，经测算增加合理。")  # fmt: skip
    assert passed.state == "listing"
    inputs = passed.events.get(action="review_pass").inputs
    assert (inputs["steering"], inputs["steering_advice"]) == ("override", ADVICE)
    text = _opinion(passed, demo)
    assert "四、绩效评价结果运用（第二十六条第二款）" in text
    assert f"{ADVICE}。不采纳建议。新增食材溯源接口运维，经测算增加合理。" in text


def test_heeding_it_passes_and_the_opinion_says_so_after_the_overlap(om_application, act, demo):
    passed = act(om_application, "bdb", "review_pass", steering="heed", overlap="different",
                 overlap_reason="仅运维本系统。")  # fmt: skip
    text = _opinion(passed, demo)
    assert "四、重复建设审查" in text and "五、绩效评价结果运用（第二十六条第二款）" in text
    assert f"{ADVICE}。采纳建议。" in text


def test_the_bdbs_key_evaluation_of_the_year_prevails_and_holds_the_budget(poorly):
    found = steering_for(poorly)
    assert [(e.year, e.by) for e in found.systems[0].evaluations] == [(2025, "bdb"), (2025, "unit")]
    assert found.advice.band.label == "较差" and found.om_advice.cap == 250000 and found.om_advice.exceeds


def test_a_units_other_applications_are_steered_only_when_its_lowest_system_is_poor(
    om_application, poorly, new_project, act
):
    project = act(act(new_project(), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    found = steering_for(project)
    assert not found.om and found.advice.band.label == "较差" and "从严审核" in found.advice.text
    with pytest.raises(errors.NotPossible) as refused:
        act(project, "bdb", "review_pass")
    assert refused.value.article == 26
    assert act(project, "bdb", "review_pass", steering="heed").state == "listing"


def test_a_fair_score_asks_nothing_of_the_units_other_applications(om_application, new_project, act):
    project = act(act(new_project(), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    found = steering_for(project)
    assert found.systems[0].score == 65.75 and found.advice is None
    assert act(project, "bdb", "review_pass").state == "listing"  # as before: no choice asked


def test_another_unit_or_an_unevaluated_system_asks_nothing(om_application, new_project, act, demo):
    other = act(act(new_project("jfb_unit"), "jfb_unit", "submit"), "jfb_leader", "confirm")
    assert steering_for(other) is None and act(other, "bdb", "review_pass").state == "listing"


def test_last_years_listed_om_application_is_last_years_amount(om_application, act, new_project, demo):
    """A 2028 application reads the 2027 one once listed (the amount applied for), before the spending."""
    listed = act(act(om_application, "bdb", "review_pass", steering="heed"), "bdb", "list")
    assert listed.list_code
    with time_machine.travel("2027-09-15 10:00 +0800", tick=False):
        later = new_project(name="食堂监管平台运维（2028年度）", work_type="maintenance", amount="300000.00",
                            year=2028, maintains=om_application.maintains_id, continues_outside="")  # fmt: skip
        found = steering_for(later)
    assert found.last_year == 280000 and found.last_year_source == f"2027年度运维项目“{om_application.name}”"
    assert found.om_advice.cap == 308000 and not found.om_advice.exceeds
