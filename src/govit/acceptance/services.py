"""Recording what was delivered, for the initial acceptance (第二十三条)."""

from decimal import Decimal

from django.db import transaction

from govit.acceptance.models import AcceptedItem
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.selectors import LineIn, _lines, as_approved
from govit.construction.services import CONSTRUCTION_RECORDS, _check_items, _conform
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
