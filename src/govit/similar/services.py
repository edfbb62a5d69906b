"""The BDB's own thesaurus for the duplicate-construction check (第四条): a group is a canonical
term and the words units write for it (伙房, 饭堂 for 食堂), added to the one GovIT ships
(data/thesaurus.toml). Adding or removing a group writes its rows (each captured in the audit log
as it is created or deleted) and indexes again, in the same transaction, the projects whose text
holds one of its words: the next query and the index analyse them alike."""

import re

from django.db import transaction

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.projects import errors
from govit.similar import index, selectors, text
from govit.similar.models import Synonym

NOT_BDB = "查重同义词表由区大数据发展局维护，您只能查看。"
EMPTY = "请填写标准词和至少一个同义词。"
NO_TERM = "请填写标准词。"
TWO_TERMS = "标准词只填一个词，其余的词请填在“同义词”中。"
ONE_WORD = "一组同义词至少要有两个词：一个标准词，一个或几个同义词。"
REPEATED = "“{word}”重复填写。"
SHORT = "“{word}”只有一个字：查重不比对单字，请写至少两个字的词。"
LONG = "“{word}”太长：一个词至多 {most} 个字。"
NOT_A_WORD = "“{word}”不是词：应含汉字或字母。"
STOP = "“{word}”是每份申报都用的词（停用词），查重不比对它，不能作标准词。"
IS_VARIANT = "“{word}”已是“{term}”的同义词：请以“{term}”为标准词。"
IS_TERM = "“{word}”是“{term}”以外另一组的标准词，不能再作“{term}”的同义词。"
SHIPPED = "“{word}”已在 GovIT 自带的同义词表中（标准词“{other}”）。"
OWN = "“{word}”已在本局添加的“{other}”一组中。"
NO_GROUP = "没有标准词为“{term}”的本局同义词组。"
SEPARATORS = re.compile(r"[\s,，、;；/]+")


def words_of(value: str | list[str]) -> list[str]:
    """The words typed (separated by spaces, commas, 、 or new lines), normalised as the analysis
    reads text (full-width to half-width, Latin letters to lower case)."""
    parts = value if isinstance(value, list) else SEPARATORS.split(value or "")
    return [w for w in (text.normalise(p).strip() for p in parts) if w]


def _require_bdb(user: User) -> None:
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted(NOT_BDB, article=4)


def _check_word(word: str, field: str) -> None:
    if len(word) < 2:
        raise errors.InvalidInput(SHORT.format(word=word), field=field, article=4)
    if len(word) > text.MAX_TERM:
        raise errors.InvalidInput(LONG.format(word=word, most=text.MAX_TERM), field=field, article=4)
    if not re.search(r"[\u4e00-\u9fff]|[a-z]", word):
        raise errors.InvalidInput(NOT_A_WORD.format(word=word), field=field, article=4)


def _check(term: str, same: list[str]) -> None:
    """Refuse, with what is wrong, a group that would not do what it says."""
    if not term and not same:
        raise errors.InvalidInput(EMPTY, field="term", article=4)
    if not term:
        raise errors.InvalidInput(NO_TERM, field="term", article=4)
    if not same:
        raise errors.InvalidInput(ONE_WORD, field="same", article=4)
    seen = {term}
    for word in same:
        if word in seen:
            raise errors.InvalidInput(REPEATED.format(word=word), field="same", article=4)
        seen.add(word)
    _check_word(term, "term")
    for word in same:
        _check_word(word, "same")
    if term in text.stop_words():
        raise errors.InvalidInput(STOP.format(word=term), field="term", article=4)
    shipped = text.shipped_groups()
    own = dict(Synonym.objects.values_list("variant", "term"))
    if (canonical := own.get(term) or shipped.get(term)) and canonical != term:
        raise errors.InvalidInput(IS_VARIANT.format(word=term, term=canonical), field="term", article=4)
    terms = set(shipped.values()) | set(own.values())
    for word in same:
        if word in terms:
            raise errors.InvalidInput(IS_TERM.format(word=word, term=term), field="same", article=4)
        if word in own:
            raise errors.InvalidInput(OWN.format(word=word, other=own[word]), field="same", article=4)
        if word in shipped:
            raise errors.InvalidInput(SHIPPED.format(word=word, other=shipped[word]), field="same", article=4)


@transaction.atomic
def synonyms_add(*, user: User, term: str, same: str | list[str]) -> tuple[str, list[str]]:
    """The BDB adds `same` as its words for `term` (a new group, or more words for one of its
    own, or for a shipped term); the projects that use any of them are indexed again."""
    _require_bdb(user)
    terms, same = words_of(term), words_of(same)
    if len(terms) > 1:
        raise errors.InvalidInput(TWO_TERMS, field="term", article=4)
    term = terms[0] if terms else ""
    _check(term, same)
    for word in same:
        Synonym.objects.create(variant=word, term=term, added_by=user)
    index.reindex(selectors.containing([term, *same]))
    return term, same


@transaction.atomic
def synonyms_remove(*, user: User, term: str) -> list[str]:
    """The BDB removes its group for `term` (the shipped words for it stay); the projects that use
    any of its words are indexed again. Returns the words removed."""
    _require_bdb(user)
    term = text.normalise(term).strip()
    rows = list(Synonym.objects.select_for_update().filter(term=term))
    if not rows:
        raise errors.NotVisible(NO_GROUP.format(term=term), article=4)
    for row in rows:
        row.delete()
    same = [row.variant for row in rows]
    index.reindex(selectors.containing([term, *same]))
    return same
