"""Each term's document frequency (`Term`) is kept as the postings change — written, edited,
classified, indexed again, rebuilt — and equals a count of the postings; a term no project has any
more leaves the table (nothing of a classified project's words stays)."""

import pytest
from django.db.models import Count

from govit import clock
from govit.projects import secrecy, services
from govit.similar import index
from govit.similar.models import Posting, Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

ONLY_HERE = {
    "name": "麒麟瓦当拓印数字馆",
    "summary": "瓦当拓印扫描入库，麒麟纹样检索。",
    "reason": "文物保护。",
}


def _counted() -> dict[str, int]:
    return dict(Posting.objects.values("term").annotate(n=Count("*")).values_list("term", "n"))


def _kept() -> dict[str, int]:
    return dict(Term.objects.values_list("term", "df"))


def test_the_counts_follow_every_change_of_the_postings(new_project, act, demo):
    first, second = new_project(), new_project(**ONLY_HERE)
    assert _kept() == _counted() and _kept()["瓦当"] == 1 and _kept()["麒麟"] == 1
    services.project_update(
        project=first, user=demo["jiaowei_unit"],
        application=services.Application(name="瓦当纹样库", summary="瓦当拓印图像。", reason=""),
    )  # fmt: skip
    assert _kept() == _counted() and _kept()["瓦当"] == 2
    index.reindex([first.pk, second.pk])
    assert _kept() == _counted()
    second = act(act(second, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    secrecy.project_classify(
        project=second, by=demo["bdb"], ref="渝中保密〔2026〕7号", on=clock.today(), officers=[demo["bdb"]]
    )
    assert _kept() == _counted() and "麒麟" not in _kept() and _kept()["瓦当"] == 1
    Term.objects.all().delete()
    index.rebuild()
    assert _kept() == _counted() != {}
