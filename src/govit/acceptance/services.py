"""Recording what was delivered, for the initial acceptance (第二十三条), and the body the unit engages
for the final acceptance (第二十四条)."""

from decimal import Decimal

from django.db import transaction

from govit import clock
from govit.acceptance.models import AcceptanceBody, AcceptedItem
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.selectors import LineIn, _lines, as_approved
from govit.construction.services import CONSTRUCTION_RECORDS, _check_items, _conform, agency_named
from govit.projects import errors
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow.lifecycle import keeping


@transaction.atomic
def accepted_items_set(*, project: Project, user: User, items: list[LineIn]) -> list[AcceptedItem]:
    """第二十三条: for the initial acceptance the unit records the configuration actually delivered;
    one that goes beyond the active baseline on any term (an item, more units, a higher price, a
    changed specification or acceptance terms) is refused with every difference (第十七条). Recorded
    again, it replaces the earlier list."""
    project = locked(project, states=keeping("delivered_items"), doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    _check_items(items)
    items = as_approved(project, items)
    # What goes beyond the approval is refused now; a shortfall (fewer units, an item not yet
    # delivered) is a fact to record, and the initial acceptance waits until it is made good.
    _conform(project, _lines(items))
    AcceptedItem.objects.filter(project=project).delete()
    accepted = AcceptedItem.objects.bulk_create(
        AcceptedItem(
            project=project, kind=i.kind, name=i.name.strip(), specification=i.specification,
            quantity=i.quantity, unit_price=i.unit_price, acceptance_terms=i.acceptance_terms, recorded_by=user,
        )
        for i in items
    )  # fmt: skip
    total = sum((a.quantity * a.unit_price for a in accepted), Decimal(0))
    noted(
        project, user, role=Role.UNIT, action="set_accepted_items", label="登记实际交付配置清单",
        inputs={"items": len(accepted), "total": str(total)}, article=23,
    )  # fmt: skip
    return accepted


# From the trial run to the filing: the unit engages the final-acceptance body (第二十四条).
BODY_STATES = frozenset({"trial_run", "compliance_review", "rectification", "final_acceptance"})
BODY_NEEDED = "请填写终验机构名称。"


def _body(project: Project, user: User, name: str) -> AcceptanceBody:
    name = " ".join(name.split())
    if not name:
        raise errors.InvalidInput(BODY_NEEDED, field="name")
    body, _ = AcceptanceBody.objects.update_or_create(
        project=project,
        defaults={
            "name": name[:200],
            "agency": agency_named(name),
            "named_by": user,
            "named_at": clock.now(),
        },
    )
    return body


@transaction.atomic
def acceptance_body_name(*, project: Project, user: User, name: str) -> AcceptanceBody:
    """第二十四条: the unit names the third party it engages for the final acceptance; when that is a
    registered agency (by its full or short name), its people see the project and upload the
    final-acceptance report (R0.1). Named again, it replaces the earlier."""
    project = locked(project, states=BODY_STATES, doing="登记终验机构", unit=user)
    body = _body(project, user, name)
    noted(
        project, user, role=Role.UNIT, action="name_acceptance_body", label="登记终验机构",
        inputs={"name": body.name, "agency": body.agency_id}, article=24,
    )  # fmt: skip
    return body


def acceptance_body_filed(project: Project, user: User, name: str) -> AcceptanceBody:
    """The body the filing of the final acceptance names (the effect of file_final_acceptance, in the
    engine's transaction and event): it is the one that accepted, whoever was named before."""
    return _body(project, user, name)
