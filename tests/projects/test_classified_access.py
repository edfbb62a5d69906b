"""第二十七条 (R6.2): a classified project is seen only by its unit's leader and the BDB officers
designated for it — on every page and every API endpoint, for every demo person of every role.

The routes are enumerated, not listed by hand: every pattern of the URL resolver and every path and
method of the API's OpenAPI description is requested (with the classified projects' own keys and
their records' where a route takes one), and a route that appears without being filled in here
fails the test until someone decides how it is checked. A response's text is read as a person
would read it (HTML and JSON as text, the Excel and Word files cell by cell), and the classified
projects' list codes may appear in it only for the people cleared for them; their former names
for nobody. The district is the whole demo (29 projects, every state), loaded once for the test.
"""

import io
import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from tests.fixtures.api import PASSWORD, PEOPLE, PREFIX, ApiClient, ok

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.api.api import api as ninja_api
from govit.audit.models import AuditEvent
from govit.audit.selectors import events_visible_to
from govit.construction.models import Contract
from govit.documents.models import Document
from govit.experts import services as experts_services
from govit.experts.models import Expert
from govit.findings import services as findings_services
from govit.funds import services as funds_services
from govit.operation import services as operation_services
from govit.plans.models import YearPlan
from govit.projects import secrecy
from govit.projects.models import Project, ProjectEvent
from govit.reminders.models import Reminder

pytestmark = pytest.mark.django_db

# 区教委's: under construction; delivered, in the library; at the design review, an expert asked.
CODES = ("YZ-2026-0001", "YZ-2026-0007", "YZ-2027-0006")
CLEARED = {"jiaowei_leader", "bdb"}
EVERYONE = (*PEOPLE, "bdb_li")  # bdb_li: a BDB officer not designated for them

# Routes that show nothing of any project, each with its reason; every other route is requested.
EXEMPT = {
    "login/": "the sign-in page, before anyone is known",
    "logout/": "signs the person out",
    "admin/login/": "the admin's sign-in page",
    "admin/logout/": "signs the person out",
    "admin/password_change/": "the person's own password",
    "admin/password_change/done/": "the person's own password",
    "admin/accounts/user/<id>/password/": "a password form",
    "experts/<int:pk>/deactivate/": "a POST that changes the pool (no project)",
    "calendar/import/": "a POST that imports a holiday file (no project)",
    "api/v1/<path:rest>": "the API's 404 for unknown paths",
    "api/v1/docs/assets/<str:name>": "the docs' static assets",
    "api/v1/auth/token": "signing in for a token",
    "account/password/": "the person's own password",
    "account/reset/<uidb64>/<token>/": "a one-time password reset link",
    "account/two-factor/": "the person's own second factor",
    "account/two-factor/verify/": "the person's own second factor",
}


@pytest.fixture
def district(demo):
    """The demo district with three 区教委 projects classified (bdb designated) — a payment and a data
    resource on the delivered one and an expert's review of the one at the design review recorded
    first — and the reminders sent again afterwards."""
    call_command("load_demo", stdout=StringIO())
    # Signed in and given a token as the demo people are (tests/conftest.py, tests/fixtures/api.py).
    demo.people["bdb_li"] = User.objects.create_user(
        "bdb_li",
        password=PASSWORD,
        name="李明",
        organisation=demo["bdb"].organisation,
        roles=[Role.BDB],
        must_change_password=False,  # as a demo person: the forced change has its own tests
    )
    projects = {p.list_code: p for p in Project.objects.filter(list_code__in=CODES)}
    delivered, building, reviewing = (
        projects[code] for code in ("YZ-2026-0007", "YZ-2026-0001", "YZ-2027-0006")
    )
    today = clock.today()
    expert = Expert.objects.get_or_create(user=demo["expert1"], defaults={"field": "软件工程"})[0]
    review = experts_services.expert_assign(project=reviewing, user=demo["bdb"], expert=expert)
    funds_services.disbursement_record(
        project=delivered, user=demo["finance"], paid_on=today, amount=Decimal("10000.00"),
        purpose="首笔款", voucher="渝中财拨〔2026〕1号",
    )  # fmt: skip
    resource = operation_services.data_resource_record(
        project=delivered, user=demo["jiaowei_unit"], name="食堂基本信息", items="学校、食堂",
        update_cycle="月", sharing="none", opening="none", legal_basis="涉及未成年人信息",
    )  # fmt: skip
    finding = findings_services.finding_open(project=building, user=demo["audit"], finding=findings_services.FindingIn(
        kind="audit", issued_on=today, content="资金支付凭证不全。", rectification="补齐凭证。"))  # fmt: skip
    names = {code: p.name for code, p in projects.items()}
    documents = list(Document.objects.filter(project__in=projects.values()).values_list("pk", flat=True))
    for project in projects.values():
        secrecy.project_classify(
            project=project, by=demo["bdb"], ref="渝中保密〔2026〕7号", on=today - timedelta(days=1),
            officers=[demo["bdb"]],
        )  # fmt: skip
    call_command("remind", stdout=StringIO())
    return {
        "projects": [delivered, building, reviewing],
        "review": review.pk,
        "finding": finding.pk,
        "names": names,
        "contract": Contract.objects.filter(project=building).first().pk,
        "resource": resource.pk,
        "document": documents[0],
        "event": ProjectEvent.objects.filter(project=delivered).last().pk,
        "audit_seq": AuditEvent.objects.filter(project=delivered).order_by("-seq").first().seq,
        "unit": delivered.unit_id,
        "plan": YearPlan.objects.filter(year=2027).order_by("-number").first().pk,
    }


# --- What each pattern is filled with -----------------------------------------------------------


def _project_urls(pattern: str, d: dict) -> list[str]:
    return [
        pattern.replace("<int:pk>", str(p.pk))
        .replace("<slug:code>", "review_pass")
        .replace("<slug:kind>", "review_opinion")
        .replace("<str:key>", "event:1")
        .replace("<slug:template>", "design")
        .replace("<int:finding>", str(d["finding"]))
        for p in d["projects"]
    ]


def _web_urls(pattern: str, d: dict) -> list[str]:
    """The concrete URLs a web pattern is requested at, or [] when it is exempt."""
    if pattern in EXEMPT:
        return []
    if pattern.startswith("projects/<int:pk>/"):
        return _project_urls(pattern, d)
    by_key = {
        "contracts/<int:pk>/": d["contract"],
        "data-resources/<int:pk>/": d["resource"],
        "documents/<int:pk>/": d["document"],
        "changes/<int:pk>/": 999999,  # the demo's classified projects have no change: 404 for all
        "reviews/<int:pk>/": d["review"],
        "reminders/<int:pk>/": 999999,
        "jobs/<uuid:pk>/": "00000000-0000-0000-0000-000000000000",  # another's job, or none: 404
        "account/tokens/<int:token_id>/": 999999,  # another's token, or none: 404 for all
        "account/grants/<int:grant_id>/": 999999,
        "plans/<int:pk>/": d["plan"],  # the demo's 2027 plan, composed before they were classified
    }
    for prefix, key in by_key.items():
        if pattern.startswith(prefix):
            return [re.sub(r"<(int|uuid):\w+>", str(key), pattern)]
    if pattern == "flowcharts/<slug:flow>.svg":
        return ["flowcharts/construction.svg", "flowcharts/service.svg", "flowcharts/om.svg"]
    if pattern == "projects/dossier/<int:year>.zip":  # the year's files: the classified ones are not in it
        return [f"projects/dossier/{year}.zip" for year in sorted({p.year for p in d["projects"]})]
    if pattern == "calendar/<int:year>/":
        return ["calendar/2026/", "calendar/2027/"]
    if pattern == "audit/<int:seq>/":
        return [f"audit/{d['audit_seq']}/"]
    if pattern.startswith("admin/"):
        return _admin_urls(pattern, d)
    if "<" in pattern:
        raise AssertionError(f"route {pattern!r} takes a key this test does not fill: say how it is checked")
    return [pattern]


def _admin_urls(pattern: str, d: dict) -> list[str]:
    keys = {
        "admin/projects/project/": d["projects"][0].pk,
        "admin/projects/projectevent/": d["event"],
        "admin/accounts/user/": 1,
        "admin/accounts/organisation/": d["unit"],
        "admin/auth/group/": 1,
    }
    if pattern == "admin/^(?P<app_label>auth|accounts|projects)/$":
        return ["admin/projects/", "admin/accounts/"]
    if pattern == "admin/(?P<url>.*)$":
        return []  # the admin's catch-all: every real admin page is a pattern of its own
    if pattern == "admin/r/<path:content_type_id>/<path:object_id>/":
        return []  # "view on site": a redirect to the project page, itself checked
    for prefix, key in keys.items():
        if pattern.startswith(prefix):
            return [pattern.replace("<path:object_id>", str(key))]
    return [pattern]


def _walk(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _api_calls(d: dict) -> list[tuple[str, str]]:
    """Every (method, path) of the OpenAPI description, filled with the classified projects' keys."""
    keys = {
        "{project_id}": [str(p.pk) for p in d["projects"]],
        "{contract_id}": [str(d["contract"])],
        "{resource_id}": [str(d["resource"])],
        "{document_id}": [str(d["document"])],
        "{unit_id}": [str(d["unit"])],
        "{change_id}": ["999999"],
        "{review_id}": [str(d["review"])],
        "{finding_id}": [str(d["finding"])],
        "{code}": ["review_pass"],
        "{token_id}": ["999999"],
        "{kind}": ["review_opinion"],
        "{key}": ["event:1"],
        # The year's file: the classified projects are not in it.
        "{year}": sorted({str(p.year) for p in d["projects"]}),
        "{digest}": ["0" * 64],  # a workbook kept for an import: none, for everyone
        "{job_id}": ["00000000-0000-0000-0000-000000000000"],  # another's job, or none: 404
        # a thesaurus group of the BDB's (第四条): none here, 404 for the BDB, 403 for others
        "{term}": ["食堂"],
        "{plan_id}": [str(d["plan"])],
    }
    calls = []
    for path, operations in ninja_api.get_openapi_schema()["paths"].items():
        path = path.removeprefix("/api/v1")
        if f"api/v1{path}" in EXEMPT:
            continue
        filled = [path]
        for name, values in keys.items():
            if name in path:
                filled = [f.replace(name, value) for f in filled for value in values]
        if any("{" in f for f in filled):
            raise AssertionError(
                f"API path {path!r} takes a key this test does not fill: say how it is checked"
            )
        calls += [(method.upper(), f) for method in operations for f in filled]
    return calls


# --- Reading a response as a person would ---------------------------------------------------------


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(c.value) for s in book for row in s.iter_rows() for c in row if c.value is not None
        )
    if "wordprocessingml" in kind:
        from docx import Document as Docx

        doc = Docx(io.BytesIO(content))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    return content.decode("utf-8", errors="replace")


def _check(who: str, where: str, response, d: dict, problems: list[str]) -> None:
    if response.status_code >= 500:
        problems.append(f"{who} {where}: {response.status_code}")
        return
    text = _text(response)
    shown = [code for code in CODES if code in text]
    if shown and who not in CLEARED:
        at = text.index(shown[0])
        problems.append(f"{who} {where}: shows {shown} in …{text[max(0, at - 120) : at + 40]!r}")
    former = [name for name in d["names"].values() if name in text]
    if former:
        problems.append(f"{who} {where}: shows the former name {former}")


def _request(api: ApiClient, method: str, path: str):
    if method == "GET":
        return api.get(path)
    return api.client.generic(method, PREFIX + path, "{}", content_type="application/json", **api.headers)


def test_every_page_and_endpoint_shows_a_classified_project_only_to_those_cleared(
    demo, district, client_for, api
):
    d, problems = district, []
    patterns = sorted(set(_walk(get_resolver())))
    described = {path.lstrip("/") for path in ninja_api.get_openapi_schema()["paths"]}
    # An API route outside the OpenAPI description (the docs, the description itself) is requested
    # as a page; every other one is requested by its described path and method.
    undescribed = [
        p
        for p in patterns
        if p.startswith("api/v1") and re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", p) not in described
    ]
    web = [url for pattern in patterns if not pattern.startswith("api/v1") for url in _web_urls(pattern, d)]
    web += [url for pattern in undescribed for url in _web_urls(pattern, d)]
    api_calls = _api_calls(d)
    assert len(web) > 60 and len(api_calls) > 70 and "api/v1/openapi.json" in web
    for username in EVERYONE:
        client = client_for(username)
        for url in web:
            response = client.get("/" + url)
            if response.status_code == 405:
                response = client.post("/" + url, {})
            _check(username, f"GET/POST /{url}", response, d, problems)

        for method, path in api_calls:
            response = _request(api(username), method, path)
            _check(username, f"{method} /api/v1{path}", response, d, problems)
    assert not problems, "\n".join(problems)


def test_those_cleared_see_it_and_the_others_are_told_it_does_not_exist(demo, district, client_for):
    d = district
    for project in d["projects"]:
        for username in EVERYONE:
            client = client_for(username)
            page = client.get(f"/projects/{project.pk}/")
            if username in CLEARED:
                assert page.status_code == 200 and project.list_code in page.content.decode(), username
                assert "涉密项目（第二十七条）" in page.content.decode()
            else:
                assert page.status_code == 404, username
    listing = client_for("jiaowei_unit").get("/projects/").content.decode()
    assert re.search(r"涉密项目</span>3 个", listing)  # counted, not shown
    assert "涉密项目</span>3 个" in client_for("drc").get("/projects/").content.decode()
    assert "涉密项目</span>1 个" in client_for("finance").get("/funds/").content.decode()
    assert "涉密项目</span>1 个" in client_for("audit").get("/library/").content.decode()
    assert (
        "涉密项目" not in client_for("jiaowei_leader").get("/projects/").content.decode().split("<table")[0]
    )
    book = load_workbook(io.BytesIO(client_for("drc").get("/projects/export.xlsx").getvalue()))
    [row] = [r for r in book.active.iter_rows(values_only=True) if str(r[0]).startswith("另有涉密项目")]
    assert 3 in row


def test_the_api_counts_it_without_detail(demo, district, api):
    totals = ok(api("drc").get("/projects"))["totals"]
    assert totals["classified"] == 3
    assert (
        ok(api("drc").get("/projects", q="YZ-2026"))["totals"]["classified"] == 0
    )  # a name search tells nothing
    assert ok(api("jiaowei_leader").get("/projects"))["totals"]["classified"] == 0
    assert ok(api("audit").get("/library"))["classified"] == 1
    assert ok(api("finance").get("/funds"))["classified"] == 1
    assert ok(api("jiaowei_leader").get("/library"))["classified"] == 0
    shown = ok(api("bdb").get(f"/projects/{district['projects'][0].pk}"))
    assert shown["classified"] is True and shown["secrecy_ref"] == "渝中保密〔2026〕7号"
    assert shown["reason"] == shown["summary"] == ""


def test_the_audit_administrator_sees_none_of_its_events(demo, district):
    auditadmin = User.objects.get(username="auditadmin")
    for project in district["projects"]:
        assert not events_visible_to(auditadmin).filter(project=project).exists()
        assert (
            events_visible_to(auditadmin)
            .filter(target_model="projects.project", target_pk=str(project.pk))
            .count()
            == 0
        )
    assert events_visible_to(auditadmin).exists()  # the rest of the log stays readable


def test_reminders_go_only_to_those_cleared(demo, district):
    for reminder in Reminder.objects.filter(project__in=district["projects"]).select_related("recipient"):
        assert reminder.recipient.username in CLEARED
