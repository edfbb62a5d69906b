"""The home page: who the person is; and the pages every visitor may reach."""

from govit.accounts.roles import Role


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_home_shows_name_organisation_and_roles_in_chinese(client_for):
    response = client_for("jiaowei_unit").get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "王晓燕" in content
    assert "重庆市渝中区教育委员会" in content and "区教委" in content
    assert "项目单位经办人" in content
    assert "填报项目申报表" in content  # what the role does
    assert "GovIT" in content and "政务信息化项目管理平台" in content
    assert "退出登录" in content


def test_home_lists_every_role_of_a_person_with_several(client_for, demo):
    demo["bdb"].roles = ",bdb,lg_office,"
    demo["bdb"].save()
    content = client_for("bdb").get("/").content.decode()
    assert Role.BDB.label in content and Role.LG_OFFICE.label in content


def test_home_says_when_a_person_has_no_role_yet(client_for, demo):
    demo["drc"].roles = ""
    demo["drc"].save()
    content = client_for("drc").get("/").content.decode()
    assert "尚未分配角色" in content


def test_home_costs_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("jfb_leader")
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


def test_healthz_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_an_unknown_page_is_a_chinese_404(client_for):
    response = client_for("jiaowei_unit").get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
