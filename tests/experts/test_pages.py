"""The expert pool (第六条) and the reviews experts are asked for (第十五条)."""

from govit.experts import services as experts_services
from govit.experts.models import Expert, ExpertReview
from govit.projects.models import Project


def test_the_bdb_adds_an_expert_with_field_title_and_conflicts(client_for, demo):
    client = client_for("bdb")
    page = client.get("/experts/")
    people = dict(page.context["form"].fields["person"].choices)
    assert set(people.values()) == {
        "请选择具有专家角色的账号",
        "黄立新（重庆大学）",
        "何静怡（重庆邮电大学）",
    }
    response = client.post("/experts/", {
        "person": demo["expert1"].pk, "field": "软件工程", "title": "教授",
        "conflicts": [demo.org("jiaowei").pk, demo.org("shancheng_design").pk],
    }, follow=True)  # fmt: skip
    expert = Expert.objects.get(user=demo["expert1"])
    assert (expert.field, expert.title, expert.is_active) == ("软件工程", "教授", True)
    assert set(expert.conflicts.all()) == {demo.org("jiaowei"), demo.org("shancheng_design")}
    content = response.content.decode()
    assert "已将黄立新加入专家库" in content and "山城设计院" in content
    # Once in, the person is no longer offered.
    assert demo["expert1"].pk not in dict(response.context["form"].fields["person"].choices)


def test_only_people_with_the_expert_role_join_the_pool(client_for, demo):
    response = client_for("bdb").post("/experts/", {"person": demo["jiaowei_unit"].pk, "field": "x"})
    assert response.status_code == 422
    assert not Expert.objects.exists()


def test_the_field_is_required(client_for, demo):
    response = client_for("bdb").post("/experts/", {"person": demo["expert1"].pk, "field": ""})
    assert response.context["form"].errors["field"] == ["请填写“专业领域”。"]


def test_the_bdb_takes_an_expert_out_of_the_pool_and_back(client_for, demo, experts):
    client = client_for("bdb")
    response = client.post(f"/experts/{experts['expert1'].pk}/deactivate/", follow=True)
    assert not Expert.objects.get(pk=experts["expert1"].pk).is_active
    assert "已将黄立新移出专家库" in response.content.decode()
    client.post("/experts/", {"person": demo["expert1"].pk, "field": "信息安全"})
    assert Expert.objects.get(pk=experts["expert1"].pk).is_active


def test_only_the_bdb_changes_the_pool(client_for, demo, experts):
    assert (
        client_for("drc").post("/experts/", {"person": demo["expert1"].pk, "field": "x"}).status_code == 403
    )
    assert client_for("expert1").post(f"/experts/{experts['expert1'].pk}/deactivate/").status_code == 403
    assert Expert.objects.get(pk=experts["expert1"].pk).is_active


def test_an_expert_reviews_with_the_projects_facts_and_documents(client_for, demo, experts, in_design_review):
    project = in_design_review()
    review = experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    client = client_for("expert1")
    page = client.get("/reviews/")
    (row,) = page.context["rows"]
    assert row["review"] == review and row["form"] is not None
    assert {d.kind for d in row["documents"]} == {"fsr", "budget"}
    content = page.content.decode()
    assert project.name in content and "800.00万元" in content and "重庆山城信息工程设计院有限公司" in content

    missing = client.post(
        f"/reviews/{review.pk}/", {f"r{review.pk}-opinion": "", f"r{review.pk}-conclusion": "pass"}
    )
    assert missing.status_code == 422
    assert missing.context["rows"][0]["form"].errors["opinion"] == ["请填写“评审意见”。"]
    done = client.post(
        f"/reviews/{review.pk}/", {f"r{review.pk}-opinion": "方案可行，建议细化安全设计。", f"r{review.pk}-conclusion": "revise"},
        follow=True,
    )  # fmt: skip
    assert "评审意见已提交" in done.content.decode()
    review.refresh_from_db()
    assert review.conclusion == "revise" and review.opinion == "方案可行，建议细化安全设计。"
    assert done.context["rows"][0]["form"] is None
    again = client.post(
        f"/reviews/{review.pk}/", {f"r{review.pk}-opinion": "再次", f"r{review.pk}-conclusion": "pass"}
    )
    assert again.status_code == 409 and experts_services.ALREADY_SUBMITTED in again.content.decode()


def test_an_expert_sees_only_their_own_reviews(client_for, demo, experts, in_design_review):
    project = in_design_review()
    review = experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    assert client_for("expert2").get("/reviews/").context["rows"] == []
    response = client_for("expert2").post(
        f"/reviews/{review.pk}/", {f"r{review.pk}-opinion": "x", f"r{review.pk}-conclusion": "pass"}
    )
    assert response.status_code == 404
    # The bureaus read every review but answer none.
    rows = client_for("bdb").get("/reviews/").context["rows"]
    assert [r["review"] for r in rows] == [review] and rows[0]["form"] is None


def test_the_bdb_concludes_after_the_opinions_are_in(client_for, demo, experts, in_design_review):
    project = in_design_review()
    review = experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    experts_services.expert_review_submit(
        review=review, user=demo["expert1"], opinion="同意。", conclusion="pass"
    )
    # 第十五条: the panel's conclusion, on the project page, before the BDB's own.
    concluded = client_for("bdb").post(f"/projects/{project.pk}/review-conclusion/", {
        "conclusion-conclusion": "pass", "conclusion-opinion": "专家组同意该方案。",
        "conclusion-concluded_on": "2026-09-15"})  # fmt: skip
    assert concluded.status_code == 302
    project = Project.objects.get(pk=project.pk)
    response = client_for("bdb").post(f"/projects/{project.pk}/actions/design_pass/", {
        "design_pass-version": project.version, "design_pass-comment": "经专家评审，同意该方案。"})  # fmt: skip
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).state == "fsr_budget_approval"
    page = client_for("bdb").get(f"/projects/{project.pk}/").content.decode()
    assert "黄立新" in page and "同意。" in page
    assert ExpertReview.objects.get().submitted_at is not None
