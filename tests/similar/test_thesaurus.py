"""The BDB extends the thesaurus (第四条): its own groups, on a page and through the API, each row
in the audit log, refused with what is wrong, and the index brought up to date at once."""

from urllib.parse import quote

import pytest
from tests.fixtures.api import ok, refused

from govit.audit.models import AuditEvent
from govit.similar import services
from govit.similar.models import Posting, Synonym
from govit.similar.selectors import similar_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]

KITCHEN = {"name": "机关灶房刷卡就餐管理", "summary": "机关灶房就餐刷卡、菜品公示和灶房消毒记录。"}
QUERY = "机关食堂就餐刷卡和菜品公示"


def _found(demo, project) -> bool:
    return project.pk in {m.project.pk for m in similar_to(QUERY, demo["jiaowei_unit"]).results}


def test_the_bdb_adds_a_group_and_the_index_reads_it_at_once(demo, client_for, new_project):
    kitchen = new_project(**KITCHEN)
    assert Posting.objects.filter(project=kitchen, term="灶房").exists()
    page = client_for("bdb").post("/similar/thesaurus/", {"term": "食堂", "same": "灶房、大灶"})
    assert page.status_code == 302
    assert not Posting.objects.filter(project=kitchen, term="灶房").exists()
    assert Posting.objects.filter(project=kitchen, term="食堂").exists() and _found(demo, kitchen)
    shown = client_for("bdb").get("/similar/thesaurus/").content.decode()
    assert "大灶、灶房" in shown and "第四条" in shown and 'href="/similar/thesaurus/"' in shown
    logged = AuditEvent.objects.filter(target_model="similar.synonym", kind="create")
    assert logged.count() == 2 and {e.actor_id for e in logged} == {demo["bdb"].pk}


def test_the_bdb_removes_its_group_and_the_index_forgets_it(demo, client_for, new_project):
    services.synonyms_add(user=demo["bdb"], term="食堂", same="灶房")
    kitchen = new_project(**KITCHEN)
    assert Posting.objects.filter(project=kitchen, term="食堂").exists()
    page = client_for("bdb").post("/similar/thesaurus/remove/", {"term": "食堂"})
    assert page.status_code == 302 and not Synonym.objects.exists()
    assert Posting.objects.filter(project=kitchen, term="灶房").exists()
    assert AuditEvent.objects.filter(target_model="similar.synonym", kind="delete").count() == 1


@pytest.mark.parametrize(
    ("term", "same", "message"),
    [
        ("", "", services.EMPTY),
        ("", "灶房", services.NO_TERM),
        ("食堂", "", services.ONE_WORD),
        ("食堂 餐饮", "灶房", services.TWO_TERMS),
        ("食堂", "灶房 灶房", services.REPEATED.format(word="灶房")),
        ("食堂", "食堂", services.REPEATED.format(word="食堂")),
        ("食堂", "灶", services.SHORT.format(word="灶")),
        ("食堂", "12345", services.NOT_A_WORD.format(word="12345")),
        ("食堂", "伙房", services.SHIPPED.format(word="伙房", other="食堂")),
        ("伙房", "灶房", services.IS_VARIANT.format(word="伙房", term="食堂")),
        ("食堂", "家长", services.IS_TERM.format(word="家长", term="食堂")),
        ("系统", "软件", services.STOP.format(word="系统")),
    ],
)
def test_bad_input_is_refused_with_what_is_wrong(client_for, term, same, message):
    page = client_for("bdb").post("/similar/thesaurus/", {"term": term, "same": same})
    assert page.status_code == 422 and message in page.content.decode()
    assert not Synonym.objects.exists()


def test_a_word_in_one_of_its_own_groups_is_refused_in_another(demo):
    services.synonyms_add(user=demo["bdb"], term="食堂", same=["灶房"])
    with pytest.raises(services.errors.InvalidInput, match="已在本局添加的“食堂”一组中"):
        services.synonyms_add(user=demo["bdb"], term="厨房", same=["灶房"])
    services.synonyms_add(user=demo["bdb"], term="食堂", same=["大灶"])  # more words for its group
    assert Synonym.objects.filter(term="食堂").count() == 2


@pytest.mark.parametrize("username", ["jiaowei_unit", "drc", "lg_office", "expert1"])
def test_others_read_the_thesaurus_and_may_not_change_it(client_for, username):
    client = client_for(username)
    page = client.get("/similar/thesaurus/")
    assert page.status_code == 200 and "食堂" in page.content.decode()
    assert "添加同义词组" not in page.content.decode()
    assert client.post("/similar/thesaurus/", {"term": "食堂", "same": "灶房"}).status_code == 403
    assert client.post("/similar/thesaurus/remove/", {"term": "食堂"}).status_code == 403
    assert 'href="/similar/thesaurus/"' not in client.get("/").content.decode()  # not in their menu


def test_the_administrators_get_403(client_for):
    assert client_for("sysadmin").get("/similar/thesaurus/").status_code == 403


def test_the_api_lists_adds_and_removes_a_group(api):
    body = ok(api("jiaowei_unit").get("/similar/synonyms"))
    assert {"term": "食堂", "same": ["伙房", "饭堂", "餐厅", "职工餐厅", "学生餐厅", "膳食", "用餐"]} in body[
        "shipped"
    ]
    assert body["own"] == []
    added = ok(api("bdb").post("/similar/synonyms", {"term": "食堂", "same": ["灶房", "ＤＡＺＡＯ"]}), 201)
    assert added == {"term": "食堂", "same": ["灶房", "dazao"]}
    assert ok(api("drc").get("/similar/synonyms"))["own"] == [{"term": "食堂", "same": ["dazao", "灶房"]}]
    refused(api("jiaowei_unit").post("/similar/synonyms", {"term": "厨房", "same": ["灶台"]}), 403, article=4)
    refused(api("jiaowei_unit").delete(f"/similar/synonyms/{quote('食堂')}"), 403)
    refused(api("bdb").post("/similar/synonyms", {"term": "厨房", "same": []}), 422, field="same")
    assert api("bdb").delete(f"/similar/synonyms/{quote('食堂')}").status_code == 204
    refused(api("bdb").delete(f"/similar/synonyms/{quote('食堂')}"), 404, article=4)
