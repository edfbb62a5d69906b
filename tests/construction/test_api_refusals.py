"""What the construction records refuse, each in the API's one error shape: 403 for the wrong
person, 404 outside the scope, 409 with the article, 422 with the field."""

from decimal import Decimal

import pytest
from tests.construction.test_api import ITEMS, approve_a_project, contract_recorder
from tests.fixtures.api import ok, refused

from govit.construction import changes as construction_changes
from govit.construction.models import ChangeRequest
from govit.construction.selectors import LineIn
from govit.projects import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo, new_project, act, to_listing) -> int:
    return approve_a_project(demo, new_project, act, to_listing)


@pytest.fixture
def contract(api, walk):
    return contract_recorder(api, walk)


def test_a_contract_that_departs_from_the_baseline_is_refused_with_the_differences(api, approved, contract):
    ok(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    lines = [
        {"name": "服务器", "quantity": "12", "unit_price": "200000.00"},
        {"name": "大屏", "quantity": "1", "unit_price": "1"},
    ]
    body = refused(contract(approved, items=lines), 409, article=17)
    assert "数量 12 超过批复的 10" in body["detail"] and "大屏" in body["detail"]
    assert ok(api("jiaowei_unit").get(f"/projects/{approved}/contracts")) == []


def test_another_units_project_is_not_found(api, approved):
    jfb = api("jfb_unit")
    for path in (
        "baseline",
        "contracts",
        "procurements",
        "supervision",
        "changes",
        "disbursements",
        "compliance-checks",
    ):
        refused(jfb.get(f"/projects/{approved}/{path}"), 404)
    refused(jfb.put(f"/projects/{approved}/baseline", {"items": ITEMS}), 404)
    refused(jfb.put(f"/projects/{approved}/supervision-waiver", {"reason": "x"}), 404)


def test_a_contract_or_change_of_another_unit_is_not_found(api, approved, contract):
    ok(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    building = ok(contract(approved), 201)
    refused(api("jfb_unit").post(f"/contracts/{building['id']}/file"), 404)
    refused(api("jfb_unit").post(f"/changes/{building['id']}/review", {"passed": True}), 404)


def test_starting_without_supervision_at_a_million_or_more_is_refused(api, approved, contract):
    ok(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    ok(contract(approved), 201)
    body = refused(
        api("jiaowei_unit").post(f"/projects/{approved}/actions/start_construction", {}), 409, article=18
    )
    assert "监理" in body["detail"]


def test_a_record_on_an_unlisted_project_is_refused(api, walk, during_the_call):
    project_id = walk.create()
    walk.to_review(project_id)  # submitted, not yet listed: the bureaus see it
    procurement = {
        "method": "open", "subject": "平台", "awarded_on": "2026-09-01", "supplier": "某公司", "amount": "1万",
    }  # fmt: skip
    refused(api("jiaowei_unit").post(f"/projects/{project_id}/procurements", procurement), 409, article=12)
    refused(api("jiaowei_unit").put(f"/projects/{project_id}/baseline", {"items": ITEMS}), 409, article=12)
    payment = {"paid_on": "2026-09-15", "amount": "1万", "purpose": "首付款", "voucher": "PZ-1"}
    refused(api("finance").post(f"/projects/{project_id}/disbursements", payment), 409, article=12)


def test_the_baseline_cannot_pass_the_approved_total(api, approved):
    over = [{**ITEMS[0], "unit_price": "600.0001万"}, ITEMS[1]]
    refused(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": over}), 409, article=21)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "很多"}, "amount"),
        ({"amount": 0.5}, "amount"),
        ({"signed_on": "2026-13-01"}, "signed_on"),
        ({"kind": "gift"}, "kind"),
        ({"number": ""}, "number"),
        ({"items": [{"name": "服务器", "quantity": "0", "unit_price": "1"}]}, "items.0.quantity"),
        ({"document_id": 999999}, "document_id"),
    ],
)
def test_a_bad_contract_names_the_field(api, approved, contract, change, field):
    ok(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    refused(contract(approved, **change), 422, field=field)


def test_a_contract_number_is_recorded_once_and_the_baseline_needs_items(api, approved, contract):
    unit = api("jiaowei_unit")
    refused(unit.put(f"/projects/{approved}/baseline", {"items": []}), 422, field="items")
    ok(unit.put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    ok(contract(approved), 201)
    refused(contract(approved), 422, field="number")


def test_a_document_of_another_project_cannot_be_the_contract_copy(
    api, walk, approved, contract, during_the_call
):
    other = walk.create()
    document = walk.upload("jiaowei_unit", other, "contract")
    ok(api("jiaowei_unit").put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    refused(contract(approved, document_id=document), 422, field="document_id")


def _to_drc_review(api, walk, approved, contract) -> int:
    """A change above 10% the BDB passed to the DRC; its id."""
    unit = api("jiaowei_unit")
    ok(unit.put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    ok(contract(approved), 201)
    ok(contract(approved, kind="supervision", number="JL-1", amount="20万"), 201)
    walk.act("jiaowei_unit", approved, "start_construction")
    change = ok(
        unit.post(f"/projects/{approved}/changes", {"description": "新增移动端", "software_amount": "80万"}),
        201,
    )
    ok(api("bdb").post(f"/changes/{change['id']}/review", {"passed": True}))
    return change["id"]


RE_APPROVAL = {
    "document_number": "渝中发改投〔2027〕3号", "approved_on": "2027-01-05", "approved_total": "880万",
    "approved_software": "580万", "approved_hardware": "200万", "approved_other": "100万",
}  # fmt: skip


def test_a_re_approval_names_its_bad_field(api, walk, approved, contract):
    change_id = _to_drc_review(api, walk, approved, contract)
    drc = api("drc")
    twice = [ITEMS[0], ITEMS[0]]
    refused(drc.post(f"/changes/{change_id}/approve", {**RE_APPROVAL, "items": twice}), 422, field="items")
    unbalanced = {**RE_APPROVAL, "approved_total": "900万", "items": ITEMS}
    refused(drc.post(f"/changes/{change_id}/approve", unbalanced), 422, field="approved_total")
    refused(drc.post(f"/changes/{change_id}/approve", {**RE_APPROVAL, "items": []}), 422, field="items")
    refused(drc.post(f"/changes/{change_id}/review", {"passed": "maybe"}), 422, field="passed")


def test_the_service_refuses_a_re_approval_with_a_line_twice(api, walk, demo, approved, contract):
    change = ChangeRequest.objects.get(pk=_to_drc_review(api, walk, approved, contract))
    line = LineIn("服务器", Decimal(1), Decimal(1), "hardware")
    with pytest.raises(errors.InvalidInput):
        construction_changes.change_request_approve(
            change=change, user=demo["drc"], document_number="渝中发改投〔2027〕3号", approved_on=change.requested_at.date(),
            approved_total=Decimal(1), approved_software=Decimal(1), approved_hardware=Decimal(0),
            approved_other=Decimal(0), items=[line, line],
        )  # fmt: skip
