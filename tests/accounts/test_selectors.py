"""Selectors on organisations and people."""

from govit.accounts.models import Organisation
from govit.accounts.roles import Role
from govit.accounts.selectors import organisation_list, user_list_with_role


def test_organisation_list_leaves_out_inactive_ones(demo):
    Organisation.objects.filter(code="dangan").update(is_active=False)
    codes = set(organisation_list().values_list("code", flat=True))
    assert "jiaowei" in codes
    assert "dangan" not in codes


def test_organisation_list_filters_by_kind(demo):
    assert organisation_list(kind=Organisation.Kind.STREET).count() == 11


def test_user_list_with_role_gives_the_active_experts(demo, django_assert_num_queries):
    demo["expert2"].is_active = False
    demo["expert2"].save()
    with django_assert_num_queries(1):
        experts = [
            (user.username, user.organisation.short_name) for user in user_list_with_role(role=Role.EXPERT)
        ]
    assert experts == [("expert1", "重庆大学")]
