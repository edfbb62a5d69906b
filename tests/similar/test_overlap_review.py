"""The BDB's review records what it made of the similar projects (R9.1): none found, reuse, integrate,
or different — a reason for all but the first, else the action is refused citing the article; the
event keeps it and the 审核意见 document says it."""

import io

import pytest
from docx import Document as Docx

from govit.papers import compose, services
from govit.projects import errors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def _sent(act, project):
    return act(act(project, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")


@pytest.mark.parametrize("overlap", ["reuse", "integrate", "different"])
def test_an_overlap_found_needs_its_reason(new_project, act, overlap):
    project = _sent(act, new_project())
    with pytest.raises(errors.NotPossible) as refusal:
        act(project, "bdb", "review_pass", overlap=overlap)
    assert refusal.value.article == 4 and "重复建设审查说明" in str(refusal.value)
    with pytest.raises(errors.NotPossible):
        act(project, "bdb", "review_pass", overlap=overlap, overlap_reason="  ")
    passed = act(project, "bdb", "review_pass", overlap=overlap, overlap_reason="与区教委智慧食堂一期对接。")
    event = passed.events.get(action="review_pass")
    assert (event.inputs["overlap"], event.inputs["overlap_reason"]) == (
        overlap,
        "与区教委智慧食堂一期对接。",
    )


def test_none_found_or_not_said_passes_and_the_opinion_says_what_was_found(new_project, act, demo):
    plain = act(_sent(act, new_project(name="甲系统")), "bdb", "review_pass")
    assert plain.events.get(action="review_pass").inputs["overlap"] == ""  # not said: kept as not said
    project = act(_sent(act, new_project(name="乙系统")), "bdb", "review_pass", overlap="reuse",
                  overlap_reason="复用区政务云统一身份认证。")  # fmt: skip
    subject = next(s for s in compose.subjects_of(project) if s.record.action == "review_pass")
    content = services.preview_bytes(user=demo["bdb"], project=project, kind=subject.kind, key=subject.key)
    text = "\n".join(p.text for p in Docx(io.BytesIO(content)).paragraphs)
    assert (
        "四、重复建设审查" in text
        and "可复用已有系统，已要求项目单位调整。复用区政务云统一身份认证。" in text
    )
    with pytest.raises(errors.InvalidInput):
        act(_sent(act, new_project(name="丙系统")), "bdb", "review_pass", overlap="maybe")
