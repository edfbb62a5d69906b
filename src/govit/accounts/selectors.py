"""Reads on organisations and people that are not scoped to a person (see access.py for those)."""

from django.db.models import QuerySet

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role


def organisation_list(*, kind: Organisation.Kind | None = None) -> QuerySet[Organisation]:
    """Active organisations, optionally of one kind, by code."""
    organisations = Organisation.objects.filter(is_active=True)
    return organisations if kind is None else organisations.filter(kind=kind)


def user_list_with_role(*, role: Role) -> QuerySet[User]:
    """Active people who hold `role`, with their organisation (e.g. the expert pool)."""
    return User.objects.with_role(role).filter(is_active=True).select_related("organisation")
