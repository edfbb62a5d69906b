"""Input that once gave a 500 (issue 10 §5) gets a 4xx in the API's one error shape, in Chinese."""

import pytest
from django.test import Client
from tests.fixtures.api import FORM, ok, refused

BEYOND_64_BITS = 2**64


@pytest.fixture
def project_id(api, during_the_call) -> int:
    return ok(api("jiaowei_unit").post("/projects", FORM), 201)["id"]


@pytest.mark.django_db
def test_the_versions_of_a_project_never_submitted_are_none(api, project_id):
    assert ok(api("jiaowei_unit").get(f"/projects/{project_id}/versions")) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
@pytest.mark.parametrize("amount", ["99999999999999.99", "9999999999999.99万", "10000000000000"])
def test_an_amount_beyond_what_the_books_hold_is_refused_before_anything_is_written(api, amount):
    refused(api("jiaowei_unit").post("/projects", {**FORM, "amount": amount}), 422, field="amount")
    assert ok(api("jiaowei_unit").get("/projects"))["count"] == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
def test_the_largest_amount_accepted_reads_back_exactly_and_the_lists_show_it(api):
    created = ok(api("jiaowei_unit").post("/projects", {**FORM, "amount": "9999999999999.99"}), 201)
    assert created["amount"] == "9999999999999.99"
    assert ok(api("jiaowei_unit").get("/projects"))["items"][0]["amount"] == "9999999999999.99"
    assert Client().get("/").status_code in (200, 302)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, -1, 10000, BEYOND_64_BITS])
def test_a_library_year_out_of_range_is_refused(api, demo, year):
    refused(api("bdb").get(f"/library?year={year}"), 422, field="year")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"page={BEYOND_64_BITS}", f"unit={BEYOND_64_BITS}", "page=0", "page=-1"])
def test_a_query_number_beyond_64_bits_is_refused(api, demo, query):
    refused(api("bdb").get(f"/projects?{query}"), 422)


@pytest.mark.django_db
def test_an_id_beyond_64_bits_is_not_found(api, demo):
    refused(api("bdb").get(f"/projects/{BEYOND_64_BITS}"), 404)
    refused(api("bdb").get(f"/projects/{BEYOND_64_BITS}/versions"), 404)


@pytest.mark.django_db
def test_a_page_or_id_beyond_64_bits_on_the_web_is_not_a_500(demo, client):
    client.force_login(demo["bdb"])
    assert client.get(f"/projects/{BEYOND_64_BITS}/").status_code == 404
    assert client.get(f"/projects/?page={BEYOND_64_BITS}").status_code == 200
    assert client.get(f"/library/?unit={BEYOND_64_BITS}").status_code in (200, 400)


@pytest.mark.django_db
def test_with_debug_off_a_fault_is_json_in_the_one_shape_never_an_html_page(api, demo, settings, monkeypatch):
    from govit.api import me

    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of GovIT's own")

    client = api("bdb")  # its token first, through the working /me
    monkeypatch.setattr(me, "person", broken)
    client.client.raise_request_exception = False
    response = client.get("/me")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "request_id"} and "系统日志" in response.json()["detail"]
    assert response.json()["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\u202e", "\u2066", "\x7f", "\x85"])
def test_a_control_character_in_json_is_refused_naming_the_field_and_nothing_is_written(api, bad):
    body = refused(
        api("jiaowei_unit").post("/projects", {**FORM, "summary": f"简介{bad}"}), 400, field="summary"
    )
    assert "控制字符" in body["detail"]
    assert ok(api("jiaowei_unit").get("/projects"))["count"] == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
def test_tabs_and_line_breaks_are_ordinary_text(api):
    created = ok(api("jiaowei_unit").post("/projects", {**FORM, "summary": "第一行\r\n第二行\t完"}), 201)
    assert created["summary"] == "第一行\r\n第二行\t完"


@pytest.mark.django_db
def test_a_control_character_in_a_query_or_a_form_is_refused_on_the_web_and_in_the_api(api, demo, client):
    refused(api("bdb").get("/projects?q=%00"), 400, field="q")
    client.force_login(demo["jiaowei_unit"])
    response = client.get("/projects/?q=%E2%80%AE")
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    response = client.post("/projects/new/", {"name": "项目\x00名称"})
    assert response.status_code == 400 and "“name”" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "patch", "put", "delete"])
def test_a_write_to_a_url_that_is_no_endpoint_is_the_apis_404_not_a_csrf_page(method):
    # Found by schemathesis: the catch-all is a plain Django view, so the CSRF check ran first.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/v1/projects/null,null", {}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有这个接口，请查阅 /api/v1/docs。"}


@pytest.mark.django_db
def test_a_csrf_refusal_elsewhere_is_still_djangos_page(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "bdb", "password": "x"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_control_character_is_a_documented_answer_of_every_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert operations and all("400" in op["responses"] for op in operations)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/projects/{BEYOND_64_BITS}/papers",
        f"/projects/{BEYOND_64_BITS}/papers/approval/approval:1.docx",
        f"/projects/{BEYOND_64_BITS}/dossier.zip",
        "/jobs/00000000-0000-0000-0000-000000000000",
        "/jobs/not-a-job",
    ],
)
def test_a_document_file_or_job_beyond_64_bits_or_of_no_one_is_not_found(api, demo, path):
    refused(api("bdb").get(path), 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("get", f"/dossiers/{BEYOND_64_BITS}.zip", "year"),
        ("get", "/projects/1/papers/approval/" + "k" * 41 + ".docx", "key"),
        ("post", f"/projects/1/papers/memo/{'k' * 3}/number", "kind"),
        ("post", "/imports/" + "0" * 63, "digest"),
    ],
)
def test_a_papers_or_imports_key_out_of_bounds_is_refused_naming_it(api, demo, method, path, field):
    response = api("bdb").get(path) if method == "get" else api("bdb").post(path, {"file_name": "x.xlsx"})
    refused(response, 422, field=field)
