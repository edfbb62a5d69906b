"""The demo district and `load_demo`: real Yuzhong structure, one person per role, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from govit.accounts import demo as demo_data
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role, validate_roles


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> tuple:
    organisations = list(Organisation.objects.order_by("pk").values())
    people = list(User.objects.order_by("pk").values())
    permissions = sorted(User.user_permissions.through.objects.values_list("user_id", "permission_id"))
    return organisations, people, permissions


def test_the_data_module_is_consistent():
    codes = {org.code for org in demo_data.ORGANISATIONS}
    assert len(codes) == len(demo_data.ORGANISATIONS)
    assert len({org.name for org in demo_data.ORGANISATIONS}) == len(demo_data.ORGANISATIONS)
    for person in demo_data.PEOPLE:
        assert person.organisation in codes
        validate_roles(person.roles)


def test_there_is_a_demo_person_for_every_role(demo):
    for role in Role:
        assert User.objects.with_role(role).exists(), role


def test_every_demo_person_signs_in_with_the_demo_password(demo):
    assert demo_data.DEMO_PASSWORD == "GovIT-Demo-2026"
    assert len(demo.people) == len(demo_data.PEOPLE) >= 17
    for person in demo.people.values():
        assert person.check_password("GovIT-Demo-2026"), person.username


def test_the_people_sit_where_the_brief_puts_them(demo):
    assert demo["jiaowei_unit"].organisation.short_name == "区教委"
    assert demo["jfb_leader"].organisation.short_name == "解放碑街道"
    assert demo["lg_office"].organisation.code == "bdb"
    assert {demo[name].organisation.code for name in ("sysadmin", "secadmin", "auditadmin")} == {"bdb"}


def test_the_district_has_its_eleven_street_offices(demo):
    streets = Organisation.objects.filter(kind=Organisation.Kind.STREET)
    assert streets.count() == 11
    assert all(street.name.endswith("街道办事处") for street in streets)
    assert streets.filter(short_name="化龙桥街道").exists()


def test_the_district_has_its_five_oversight_bureaus(demo):
    bureaus = set(
        Organisation.objects.filter(kind=Organisation.Kind.BUREAU).values_list("short_name", flat=True)
    )
    assert bureaus == {"区大数据发展局", "区发改委", "区财政局", "区审计局", "区网信办"}


def test_there_are_twenty_or_more_departments_and_every_other_kind(demo):
    assert Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT).count() >= 20
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)


def test_only_the_system_and_security_administrators_are_staff(demo):
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"sysadmin", "secadmin"}
    assert demo["sysadmin"].has_perm("accounts.add_organisation")
    assert not demo["secadmin"].has_perm("accounts.add_user")
    assert not any(person.is_superuser for person in demo.people.values())


def test_running_it_twice_changes_nothing(demo):
    before = _snapshot()
    output = _load()
    assert _snapshot() == before
    assert f"单位：新建 0，更新 0，未变 {len(demo_data.ORGANISATIONS)}" in output
    assert f"人员：新建 0，更新 0，未变 {len(demo_data.PEOPLE)}" in output


def test_running_it_again_restores_what_was_changed(demo):
    User.objects.filter(username="bdb").update(name="改过的名字", roles=",lg_office,")
    demo["drc"].set_password("another-password")
    demo["drc"].save()
    output = _load()
    assert "人员：新建 0，更新 2" in output
    assert User.objects.get(username="bdb").name == "李明轩"
    assert User.objects.get(username="bdb").role_set == {Role.BDB}
    assert User.objects.get(username="drc").check_password("GovIT-Demo-2026")


def test_it_prints_the_logins_after_loading(db, fast_password_hasher):
    output = _load()
    assert "单位：新建" in output
    for person in demo_data.PEOPLE:
        assert person.username in output
    assert "GovIT-Demo-2026" in output


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database(fast_password_hasher):
    _load("--if-empty")
    assert Organisation.objects.count() == len(demo_data.ORGANISATIONS)


def test_if_empty_leaves_a_database_with_organisations_alone(db):
    Organisation.objects.create(code="x", name="某单位", kind=Organisation.Kind.DEPARTMENT)
    output = _load("--if-empty")
    assert Organisation.objects.count() == 1
    assert not User.objects.exists()
    assert "未加载演示数据" in output


def test_print_logins_only_prints(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        output = _load("--print-logins")
    assert not Organisation.objects.exists()
    assert "jiaowei_unit" in output and "区教委" in output and "unit_leader" in output
