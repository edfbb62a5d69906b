"""The panel's consolidated conclusion (专家组评审结论, 第十五条): once every expert and agency asked in a
step has answered, the office deciding the step records it; the step's conclusion waits for it."""

from datetime import timedelta

import pytest
from tests.fixtures.api import ok, refused

from govit import clock
from govit.experts import services
from govit.experts.models import ReviewConclusion
from govit.experts.selectors import AGENCIES_PENDING, CONCLUSION_MISSING, EXPERTS_PENDING
from govit.projects import errors
from govit.projects.models import Project, ProjectEvent
from govit.workflow.guards import expert_reviews_done

pytestmark = pytest.mark.django_db


def _unmet(project: Project) -> list[str]:
    return [u.reason for u in expert_reviews_done(Project.objects.get(pk=project.pk), {})]


def _conclude(project: Project, user, **changes):
    fields = {"conclusion": "revise", "opinion": "专家组认为方案基本可行，需补充数据共享清单。",
              "concluded_on": clock.today(), **changes}  # fmt: skip
    return services.review_conclude(project=Project.objects.get(pk=project.pk), user=user, **fields)


def test_the_guard_at_each_boundary(demo, experts, in_design_review):
    project = in_design_review()
    # No review asked in the step: no conclusion is needed.
    assert _unmet(project) == []
    first = services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert2"])
    agency = services.agency_assign(project=project, user=demo["bdb"], agency=demo.org("cq_testing"))
    assert _unmet(project) == [
        EXPERTS_PENDING.format(names="黄立新、何静怡"), AGENCIES_PENDING.format(names="软件评测中心"),
    ]  # fmt: skip
    services.expert_review_submit(review=first, user=demo["expert1"], opinion="可行。", conclusion="pass")
    services.expert_review_submit(
        review=first.__class__.objects.get(expert=experts["expert2"]), user=demo["expert2"],
        opinion="需补充。", conclusion="revise",
    )  # fmt: skip
    # One opinion still out: the agency's.
    assert _unmet(project) == [AGENCIES_PENDING.format(names="软件评测中心")]
    report = _report(project, demo["agency_acceptance"])
    services.expert_review_submit(
        review=agency, user=demo["agency_acceptance"], opinion="评估通过。", conclusion="pass", report=report
    )
    # Every opinion in, no conclusion yet.
    assert _unmet(project) == [CONCLUSION_MISSING]
    _conclude(project, demo["bdb"])
    assert _unmet(project) == []


def _report(project, user):
    from tests.fixtures.projects import upload

    from govit.documents.models import Document

    return Document.objects.get(pk=upload(project, user, "expert_opinion", "评估报告.pdf"))


def test_the_conclusion_is_audited_and_shown_to_those_who_see_the_project(
    demo, experts, in_design_review, client_for
):
    project = in_design_review()
    review = services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    services.expert_review_submit(review=review, user=demo["expert1"], opinion="可行。", conclusion="pass")
    found = _conclude(project, demo["bdb"])
    assert (found.state, found.recorded_as, found.get_conclusion_display()) == (
        "design_review",
        "bdb",
        "修改后通过",
    )
    event = ProjectEvent.objects.filter(project=project, action="review_conclusion").get()
    assert (event.role, event.article, event.inputs["conclusion"]) == ("bdb", 15, "revise")
    for username in ("bdb", "drc", "jiaowei_unit", "expert1"):
        page = client_for(username).get(f"/projects/{project.pk}/").content.decode()
        assert "专家组评审结论" in page and "需补充数据共享清单" in page, username
    # The unit reads the panel's conclusion, not each expert's opinion.
    assert client_for("jiaowei_unit").get(f"/projects/{project.pk}/").context["reviews"] == []
    assert client_for("expert2").get(f"/projects/{project.pk}/").status_code == 404


def test_who_may_record_it_and_when(demo, experts, in_design_review):
    project = in_design_review()
    with pytest.raises(errors.NotPossible, match="未组织专家"):
        _conclude(project, demo["bdb"])
    review = services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    with pytest.raises(errors.NotPossible, match="尚有专家或评估机构未提交意见"):
        _conclude(project, demo["bdb"])
    services.expert_review_submit(review=review, user=demo["expert1"], opinion="可行。", conclusion="pass")
    # 第十五条 as GovIT reads it: the office deciding the step sums the review up (the BDB here).
    for username in ("drc", "jiaowei_unit", "expert1", "agency_acceptance"):
        with pytest.raises(errors.NotPermitted, match="区大数据发展局登记"):
            _conclude(project, demo[username])
    with pytest.raises(errors.InvalidInput, match="请选择评审结论") as bad:
        _conclude(project, demo["bdb"], conclusion="maybe")
    assert bad.value.field == "conclusion"
    with pytest.raises(errors.InvalidInput, match="综合意见"):
        _conclude(project, demo["bdb"], opinion="  ")
    with pytest.raises(errors.InvalidInput, match="不能晚于今天"):
        _conclude(project, demo["bdb"], concluded_on=clock.today() + timedelta(days=1))
    assert _conclude(project, demo["bdb"], concluded_on=clock.today()).concluded_on == clock.today()
    with pytest.raises(errors.NotPossible, match="已登记") as twice:
        _conclude(project, demo["bdb"])
    assert twice.value.article == 15
    # Concluded, the step's panel is closed: no more reviewers.
    with pytest.raises(errors.NotPossible, match="已登记"):
        services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert2"])


def test_in_the_drcs_approval_the_drc_concludes(demo, experts, in_design_review, act):
    project = act(in_design_review(), "bdb", "design_pass", comment="同意")
    assert project.state == "fsr_budget_approval"
    review = services.expert_assign(project=project, user=demo["drc"], expert=experts["expert1"])
    services.expert_review_submit(review=review, user=demo["expert1"], opinion="可行。", conclusion="pass")
    assert _unmet(project) == [CONCLUSION_MISSING]
    with pytest.raises(errors.NotPermitted, match="区发改委登记"):
        _conclude(project, demo["bdb"])
    assert _conclude(project, demo["drc"]).recorded_as == "drc"
    assert _unmet(project) == []


def test_the_page_offers_the_form_to_the_concluding_office_only_once_all_are_in(
    demo, experts, in_design_review, client_for
):
    project = in_design_review()
    review = services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    url = f"/projects/{project.pk}/"
    assert "conclusion_form" not in client_for("bdb").get(url).context
    services.expert_review_submit(review=review, user=demo["expert1"], opinion="可行。", conclusion="pass")
    assert "conclusion_form" in client_for("bdb").get(url).context
    assert "conclusion_form" not in client_for("drc").get(url).context
    refused_page = client_for("bdb").post(f"{url}review-conclusion/", {"conclusion-conclusion": "pass"})
    assert refused_page.status_code == 422
    assert refused_page.context["conclusion_form"].errors["opinion"] == ["请填写“专家组综合意见”。"]
    by_drc = client_for("drc").post(f"{url}review-conclusion/", {
        "conclusion-conclusion": "pass", "conclusion-opinion": "同意。", "conclusion-concluded_on": "2026-09-15"})  # fmt: skip
    assert by_drc.status_code == 403 and not ReviewConclusion.objects.exists()
    assert client_for("jfb_unit").post(f"{url}review-conclusion/", {}).status_code == 404
    done = client_for("bdb").post(f"{url}review-conclusion/", {
        "conclusion-conclusion": "fail", "conclusion-opinion": "专家组不同意。", "conclusion-concluded_on": "2026-09-15"},
        follow=True)  # fmt: skip
    assert "已登记专家组评审结论" in done.content.decode()
    assert ReviewConclusion.objects.get().get_conclusion_display() == "不通过"
    assert "conclusion_form" not in done.context


@pytest.mark.usefixtures("during_the_call")
def test_the_api_records_and_lists_it(api, demo, experts, in_design_review):
    project = in_design_review()
    review = services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    body = {"conclusion": "pass", "opinion": "专家组同意。", "concluded_on": "2026-09-15"}
    refused(api("bdb").post(f"/projects/{project.pk}/review-conclusions", body), 409)
    services.expert_review_submit(review=review, user=demo["expert1"], opinion="可行。", conclusion="pass")
    refused(api("drc").post(f"/projects/{project.pk}/review-conclusions", body), 403)
    refused(api("jfb_unit").post(f"/projects/{project.pk}/review-conclusions", body), 404)
    refused(
        api("bdb").post(f"/projects/{project.pk}/review-conclusions", {**body, "opinion": ""}), 422,
        field="opinion",
    )  # fmt: skip
    made = ok(api("bdb").post(f"/projects/{project.pk}/review-conclusions", body), 201)
    assert made["conclusion"] == {"code": "pass", "label": "通过"}
    assert made["step"]["code"] == "design_review" and made["recorded_by"] == "李明轩"
    assert [c["id"] for c in ok(api("jiaowei_unit").get(f"/projects/{project.pk}/review-conclusions"))] == [
        made["id"]
    ]
    refused(api("jfb_unit").get(f"/projects/{project.pk}/review-conclusions"), 404)
