"""The demo's evaluated system and its O&M application in the list review (govit.steering.demo)."""

from datetime import date

import pytest
from tests.fixtures.projects import make_key

from govit.operation import services as operation_services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project
from govit.steering.demo import OM, SYSTEM, steering_demo_load


@pytest.fixture
def om_application(demo) -> Project:
    """区教委's canteen platform, evaluated 65.75 for 2025 (合格), 25万 spent on O&M in 2026; its O&M
    application of 2027 asks 28万 and waits in the list review."""
    demo_projects_load({SYSTEM})
    assert steering_demo_load() == 1 and steering_demo_load() == 0  # loading twice changes nothing
    return Project.objects.get(name=OM.name)


@pytest.fixture
def poorly(demo, om_application) -> Project:
    """The BDB's own key evaluation of 2025 scores it 55.75 (较差): it prevails over the unit's."""
    delivered = make_key(Project.objects.get(name=SYSTEM), demo["lg_office"])  # 第二十六条: a key project
    operation_services.evaluation_record(
        project=delivered, user=demo["bdb"], year=2025, operation=50, use=55, sharing=58, benefit=60,
        conclusion="使用率低，数据未共享。", evaluated_on=date(2026, 9, 1),
    )  # fmt: skip
    return om_application
