"""The reminders page: each person sees their own reminders, and marks them read."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from govit.reminders.models import Reminder
from govit.reminders.selectors import unread_count

pytestmark = pytest.mark.django_db

INBOX = reverse("reminders:inbox")


@pytest.fixture
def reminded(approved, sign, run):
    """The contract reminded 1 day before and on the due day (both to 区教委's unit people)."""
    contract = sign(approved)
    run("2026-10-14")
    run("2026-10-15")
    return contract


def test_the_recipient_sees_their_reminders_unread_first_with_the_project_link(reminded, demo, client_for):
    response = client_for("jiaowei_unit").get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("标记为已读</button>") == 2 and "合同备案今日到期" in page
    assert reverse("projects:detail", args=[reminded.project_id]) in page
    assert "第十六条第二款" in page
    assert unread_count(demo["jiaowei_unit"]) == 2


def test_another_person_sees_none_of_them(reminded, demo, client_for):
    for username in ("jfb_unit", "jiaowei_leader", "bdb"):
        page = client_for(username).get(INBOX).content.decode()
        assert "合同备案" not in page and "暂无提醒" in page
        assert unread_count(demo[username]) == 0


def test_marking_read_moves_the_reminder_below_the_unread(reminded, demo, client_for):
    client = client_for("jiaowei_unit")
    first = Reminder.objects.get(recipient=demo["jiaowei_unit"], lead_days=1)
    response = client.post(reverse("reminders:mark_read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == INBOX
    first.refresh_from_db()
    assert first.read_at is not None
    assert unread_count(demo["jiaowei_unit"]) == 1
    page = client.get(INBOX).content.decode()
    assert page.count("标记为已读</button>") == 1
    assert page.index("合同备案今日到期") < page.index("合同备案还有1天到期") < page.index("已读</span>")


def test_marking_read_twice_keeps_the_first_time(reminded, demo, client_for):
    client = client_for("jiaowei_unit")
    reminder = Reminder.objects.filter(recipient=demo["jiaowei_unit"]).first()
    client.post(reverse("reminders:mark_read", args=[reminder.pk]))
    reminder.refresh_from_db()
    read_at = reminder.read_at
    client.post(reverse("reminders:mark_read", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.read_at == read_at


def test_another_persons_reminder_cannot_be_marked_read(reminded, demo, client_for):
    reminder = Reminder.objects.filter(recipient=demo["jiaowei_unit"]).first()
    assert client_for("jfb_unit").post(reverse("reminders:mark_read", args=[reminder.pk])).status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_marking_read_needs_a_post(reminded, demo, client_for):
    reminder = Reminder.objects.filter(recipient=demo["jiaowei_unit"]).first()
    assert (
        client_for("jiaowei_unit").get(reverse("reminders:mark_read", args=[reminder.pk])).status_code == 405
    )


def test_marking_read_needs_the_csrf_token(reminded, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["jiaowei_unit"])
    reminder = Reminder.objects.filter(recipient=demo["jiaowei_unit"]).first()
    assert client.post(reverse("reminders:mark_read", args=[reminder.pk])).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith(reverse("front:login"))
    assert client.post(reverse("reminders:mark_read", args=[1])).status_code == 302
    assert unread_count(AnonymousUser()) == 0


def test_the_page_costs_the_same_queries_for_2_and_20_reminders(reminded, demo, client_for):
    client = client_for("jiaowei_unit")
    Reminder.objects.bulk_create(
        Reminder(recipient=demo["jiaowei_unit"], project_id=reminded.project_id, kind="contract_filing",
                 subject=f"contract:x{n}", due="2026-10-15", lead_days=0, title=f"t{n}", body="b")
        for n in range(18)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(INBOX)
    Reminder.objects.filter(subject__startswith="contract:x").delete()
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    assert len(many) == len(few)
