"""The OpenAPI description and the interactive docs, served without anything from outside the machine."""

import json
import re

import pytest
from tests.fixtures.api import ok

pytestmark = pytest.mark.django_db

URL_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def test_the_openapi_description_lists_every_endpoint_with_bearer_authentication(client):
    spec = ok(client.get("/api/v1/openapi.json"))
    paths = set(spec["paths"])
    assert {
        "/api/v1/auth/token", "/api/v1/projects", "/api/v1/projects/{project_id}",
        "/api/v1/projects/{project_id}/proposal", "/api/v1/projects/{project_id}/actions",
        "/api/v1/projects/{project_id}/actions/{code}", "/api/v1/projects/{project_id}/documents",
        "/api/v1/documents/{document_id}/download", "/api/v1/projects/{project_id}/history",
        "/api/v1/projects/{project_id}/versions", "/api/v1/projects/{project_id}/expert-reviews",
        "/api/v1/expert-reviews", "/api/v1/expert-reviews/{review_id}", "/api/v1/experts",
        "/api/v1/todo", "/api/v1/done", "/api/v1/me",
    } <= paths  # fmt: skip
    assert spec["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert spec["paths"]["/api/v1/auth/token"]["post"].get("security") in (None, [])
    assert set(spec["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "article", "field"}


def test_the_openapi_description_is_json_without_duplicate_keys(client):
    # swagger-ui refuses a description with a key twice ("duplicated mapping key"); Python would not.
    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_duplicates)


def test_the_download_is_described_as_a_file(client):
    spec = ok(client.get("/api/v1/openapi.json"))
    download = spec["paths"]["/api/v1/documents/{document_id}/download"]["get"]
    assert "application/octet-stream" in download["responses"]["200"]["content"]


def test_money_is_described_as_a_string_with_two_decimals(client):
    schemas = ok(client.get("/api/v1/openapi.json"))["components"]["schemas"]
    amount = schemas["ProjectRowOut"]["properties"]["amount"]
    assert amount["type"] == "string" and amount["pattern"] == r"^[0-9]+\.[0-9]{2}$"


def test_the_docs_page_loads_nothing_from_outside_the_machine(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert not re.search(r"https?://", html), "the docs page names an outside URL"
    urls = URL_ATTRIBUTE.findall(html)
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_docs_turn_off_swagger_uis_online_validator(client):
    html = client.get("/api/v1/docs").content.decode()
    assert '"validatorUrl": null' in html


def test_only_swagger_uis_own_files_are_served_as_docs_assets(client):
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js")["Content-Type"].startswith(
        "text/javascript"
    )
    assert client.get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
    assert client.get("/api/v1/docs/assets/..%2F__init__.py").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/projects/not-a-number"])
def test_an_unknown_endpoint_answers_404_in_the_apis_error_shape(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "没有这个接口，请查阅 /api/v1/docs。"}
