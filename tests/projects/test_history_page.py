"""A project's history however long (issue 11): the page shows its newest events with a way to the
rest, in the same queries with 60 events as with 3; the history page shows every event, oldest
first, 100 a page, to whoever may see the project and to no one else."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from govit import clock
from govit.projects.models import ProjectEvent
from govit.projects.populate import pad_events
from govit.projects.selectors import HISTORY_SHOWN


def test_the_page_shows_the_newest_events_and_leads_to_the_rest(new_project, client_for, settings, tmp_path):
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    project = new_project()
    client = client_for("jiaowei_unit")
    client.get(project.get_absolute_url())  # the first request of a session writes it
    with CaptureQueriesContext(connection) as short:
        page = client.get(project.get_absolute_url()).content.decode()
    assert "查看全部办理记录" not in page
    pad_events(project, HISTORY_SHOWN + 10, until=clock.now())
    with CaptureQueriesContext(connection) as long:
        page = client.get(project.get_absolute_url()).content.decode()
    assert len(long) == len(short)
    assert "查看全部办理记录" in page
    newest = ProjectEvent.objects.filter(project=project).order_by("-seq")[0]
    assert f"第{newest.seq}次补充说明。" in page
    assert f"第{newest.seq - HISTORY_SHOWN}次补充说明。" not in page  # the earlier ones are one click away
    assert page.index(f"第{newest.seq - 1}次补充说明。") < page.index(f"第{newest.seq}次补充说明。")


def test_the_history_page_has_every_event_in_order_and_pages(new_project, client_for, settings, tmp_path):
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    project = new_project()
    pad_events(project, 150, until=clock.now())
    url = f"/projects/{project.pk}/history/"
    first = client_for("jiaowei_unit").get(url).content.decode()
    assert "第 1 / 2 页" in first and "第2次补充说明。" in first and "第101次补充说明。" not in first
    assert first.index("第2次补充说明。") < first.index("第3次补充说明。")
    second = client_for("jiaowei_unit").get(url + "?page=2").content.decode()
    assert "第101次补充说明。" in second and "第151次补充说明。" in second
    assert client_for("jiaowei_unit").get(url + "?page=x").status_code == 200  # a bad page: the first
    assert client_for("jfb_unit").get(url).status_code == 404  # another unit's project
    assert client_for("bdb").get(url).status_code == 404  # a draft is the unit's own
