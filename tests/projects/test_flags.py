"""What the project pages show is decided in a selector from the project's facts, not in a
template (issue 9): the national code row, the earlier project, the returned notice, 保存草稿."""

import pytest

from govit.projects import selectors
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


def test_a_new_application_saves_a_draft():
    assert selectors.project_flags(None) == selectors.ProjectFlags(
        national_code=False, continuation=False, returned=False, draft=True
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"category": "construction", "work_type": "new", "state": "draft"}, (True, False, False, True)),
        ({"category": "om", "work_type": "continuation", "state": "returned"}, (False, True, True, False)),
        (
            {"category": "service", "work_type": "upgrade", "state": "unit_confirm"},
            (False, False, False, False),
        ),
    ],
)
def test_the_flags_follow_the_facts(facts, expected):
    flags = selectors.project_flags(Project(**facts))
    assert (flags.national_code, flags.continuation, flags.returned, flags.draft) == expected


def test_a_timeline_step_says_whether_it_is_done_or_current():
    step = selectors.TimelineStep("fsr", "可研", "unit", "项目单位", 13, "done")
    assert (step.done, step.current) == (True, False)
    assert selectors.TimelineStep("fsr", "可研", "unit", "项目单位", 13, "current").current
