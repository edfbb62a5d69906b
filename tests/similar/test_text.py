"""The analysis: jieba with GovIT's dictionary, the thesaurus's words and paraphrases, stop words."""

import pytest

from govit.similar import text


@pytest.fixture(scope="module")
def analyzer():
    return text.Analyzer()


def test_the_user_dictionary_keeps_government_terms_whole(analyzer):
    words = analyzer.words("推进一网通办，建设智慧城市网格化治理体系，系统迁移至政务云")
    assert {"一网通办", "智慧城市", "网格化", "政务云", "迁移"} <= set(words)


def test_the_thesaurus_maps_words_and_paraphrases_to_one_term(analyzer):
    assert analyzer.words("为一个人住的年长居民提供探访") == analyzer.words("为独居老人提供关爱")
    assert "食堂" in analyzer.words("学校伙房") and "家长" in analyzer.words("告知监护人")


def test_stop_words_numbers_and_single_characters_are_dropped(analyzer):
    assert analyzer.words("建设一个系统平台，提升管理水平，2026年") == ()
    assert analyzer.words("") == ()


def test_the_lexical_analysis_keeps_the_words_as_written():
    words = text.Analyzer(thesaurus=False).words("学校伙房，告知监护人")
    assert "伙房" in words and "监护人" in words and "食堂" not in words


def test_the_bdb_s_own_synonyms_are_added():
    assert "食堂" in text.Analyzer(extra={"灶房": "食堂"}).words("机关灶房")


def test_a_variant_in_two_groups_is_refused(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[[group]]\nterm="甲方"\nsame=["乙方"]\n[[group]]\nterm="丙方"\nsame=["乙方"]\n', "utf-8")
    with pytest.raises(ValueError, match="乙方"):
        text.load_groups(path)


def test_the_shipped_thesaurus_loads():
    groups = text.shipped_groups()
    assert groups["伙房"] == "食堂" and groups["一个人住的年长居民"] == "独居老人"


def test_name_weighs_more_than_reason_and_weights_saturate():
    bag = text.Analyzer().bag({"name": "智慧食堂", "reason": "食堂"})
    assert bag["食堂"] == text.FIELD_WEIGHTS["name"] + text.FIELD_WEIGHTS["reason"]
    weights = text.bm25_weights({"食堂": 1, "家长": 10})
    assert weights["食堂"] < weights["家长"] < text.K1 + 1


def test_jieba_s_cache_is_under_a_writable_directory_not_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVIT_JIEBA_CACHE", str(tmp_path / "jieba"))
    assert text.cache_dir() == tmp_path / "jieba" and (tmp_path / "jieba").is_dir()
    assert "site-packages" not in text._tokenizer().tmp_dir


def test_the_in_memory_ranking_finds_the_twin_and_gives_shared_terms(analyzer):
    docs = {
        1: text.bm25_weights(analyzer.bag({"name": "学校伙房明厨亮灶", "summary": "监护人查看伙房"})),
        2: text.bm25_weights(analyzer.bag({"name": "图书借阅", "summary": "读者借书"})),
    }
    query = text.bm25_weights(analyzer.bag({"name": "智慧食堂", "summary": "家长查看食堂后厨"}))
    [(key, score, terms)] = text.rank(query, docs)
    assert key == 1 and 0 < score <= 1.5 and "食堂" in terms
