"""The one place where what a person may see is decided.

Every view, API endpoint or export that fetches objects on a person's behalf starts from a
function here, never from `Model.objects` directly; so each scope rule is written and tested
once, and an object outside the scope is a 404, as if it did not exist (R0.1). Today it scopes
organisations; projects join when they exist.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from govit.accounts.models import Organisation, User
from govit.accounts.roles import ADMIN_ROLES, Role

# Roles whose work spans the whole district: the bureaus and the three administrators.
DISTRICT_WIDE_ROLES = frozenset(
    {Role.BDB, Role.LG_OFFICE, Role.DRC, Role.FINANCE, Role.AUDIT, Role.CAC} | ADMIN_ROLES
)


def visible_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations `user` may see: all for district-wide roles, otherwise only their own."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if user.role_set & DISTRICT_WIDE_ROLES:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def get_visible_organisation(user: User, *, code: str) -> Organisation:
    """The organisation `code` if `user` may see it, else Http404."""
    return get_object_or_404(visible_organisations(user), code=code)
