"""access.py: each person sees the organisations their role needs, and a 404 beyond."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from govit.access import get_visible_organisation, visible_organisations
from govit.accounts.models import Organisation

DISTRICT_WIDE = ["bdb", "lg_office", "drc", "finance", "audit", "cac", "sysadmin", "secadmin", "auditadmin"]
OWN_ONLY = {
    "jiaowei_unit": "jiaowei",
    "jiaowei_leader": "jiaowei",
    "jfb_unit": "jiefangbei",
    "expert1": "cqu",
    "agency_design": "shancheng_design",
}


@pytest.mark.parametrize("username", DISTRICT_WIDE)
def test_bureaus_and_administrators_see_every_organisation(demo, username):
    assert visible_organisations(demo[username]).count() == Organisation.objects.count()


@pytest.mark.parametrize(("username", "code"), OWN_ONLY.items())
def test_units_experts_and_agencies_see_only_their_own_organisation(demo, username, code):
    assert [org.code for org in visible_organisations(demo[username])] == [code]


def test_an_organisation_outside_the_scope_is_a_404(demo):
    assert get_visible_organisation(demo["jiaowei_unit"], code="jiaowei").code == "jiaowei"
    with pytest.raises(Http404):
        get_visible_organisation(demo["jiaowei_unit"], code="jiefangbei")


def test_a_deactivated_person_sees_nothing(demo):
    bdb = demo["bdb"]
    bdb.is_active = False
    assert not visible_organisations(bdb).exists()


def test_an_anonymous_visitor_sees_nothing(demo):
    assert not visible_organisations(AnonymousUser()).exists()
