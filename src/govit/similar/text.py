"""What a project's text is about, as a bag of canonical terms: the duplicate-construction check's
analysis, pure (no Django), so that it is the same in the index, the queries and the tests.

1. The text is normalised (full-width forms to half-width, Latin letters to lower case).
2. The thesaurus's paraphrases of several words (一个人住的年长居民, 网上办事大厅) are replaced by
   their canonical term, longest first, before segmenting: jieba would cut them apart otherwise.
3. jieba segments the rest, with GovIT's user dictionary of government IT terms (一网通办, 政务云)
   and every canonical term added, so that each stays one word; a compound's dictionary words are
   added as jieba's search mode adds them (智慧食堂 also counts as 食堂).
4. Each word is mapped through the thesaurus (伙房 → 食堂, 监护人 → 家长); stop words (建设, 系统,
   平台: words every application uses), single characters, numbers and punctuation are dropped.

`Analyzer(thesaurus=False)` is the lexical analysis alone, kept for measuring what the thesaurus
adds (tests/similar/test_quality.py). The weights (BM25) are here too, so that the index and the
in-memory ranking the tests compare it with compute the same numbers.
"""

import logging
import math
import os
import re
import tempfile
import threading
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
USER_DICT = DATA / "userdict.txt"
THESAURUS = DATA / "thesaurus.toml"
STOP_WORDS = DATA / "stopwords.txt"
MAX_TERM = 40  # the index's column: a longer "word" is noise

# How much each part of a project says about what it does: its name most, then its content.
FIELD_WEIGHTS = {"name": 3, "summary": 2, "reason": 1, "expected_effect": 1, "proposal": 1}

# BM25 (Robertson and Zaragoza): the saturation of a term's count, and how much a long text's
# counts are discounted against a text of REFERENCE_LENGTH terms (fixed, so that a posting's
# weight never changes when other projects are written).
K1 = 1.2
B = 0.75
REFERENCE_LENGTH = 60
# A term in more than this share of the projects says nothing of any one of them (applied once the
# index holds MIN_DOCS_FOR_SHARE projects: in a small district every word is "common").
COMMON_SHARE = 0.2
MIN_DOCS_FOR_SHARE = 200

_WORD = re.compile(r"[\u4e00-\u9fff]|[a-z]")
_lock = threading.Lock()


def cache_dir() -> Path:
    """Where jieba keeps its prefix dictionary's cache: a writable directory outside the
    site-packages (GOVIT_JIEBA_CACHE, else the system's temporary directory)."""
    path = Path(os.environ.get("GOVIT_JIEBA_CACHE") or Path(tempfile.gettempdir()) / "govit-jieba")
    path.mkdir(parents=True, exist_ok=True)
    return path


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def load_groups(path: Path = THESAURUS) -> dict[str, str]:
    """{variant: canonical term} of a thesaurus file; a variant in two groups is an error."""
    with path.open("rb") as f:
        groups = tomllib.load(f).get("group", [])
    mapping: dict[str, str] = {}
    for group in groups:
        term = normalise(group["term"])
        for variant in group.get("same", []):
            variant = normalise(variant)
            if mapping.get(variant, term) != term:
                raise ValueError(
                    f"{path.name}: “{variant}” is in the groups of {mapping[variant]} and {term}"
                )
            mapping[variant] = term
    return mapping


@lru_cache(maxsize=1)
def shipped_groups() -> dict[str, str]:
    return load_groups()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    lines = STOP_WORDS.read_text("utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=2)
def _tokenizer(thesaurus: bool = True):
    """A jieba tokenizer for the process (one with the thesaurus's terms added, one without), made
    on first use, quiet, with GovIT's dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    with _lock:
        tokenizer.initialize()
        tokenizer.load_userdict(str(USER_DICT))
    return tokenizer


class Analyzer:
    """Text → canonical terms. `extra` are the BDB's own groups ({variant: term}), added to the
    shipped thesaurus (and overriding it for a variant in both)."""

    def __init__(self, *, thesaurus: bool = True, extra: Mapping[str, str] | None = None) -> None:
        self.mapping = {**shipped_groups(), **{normalise(k): normalise(v) for k, v in (extra or {}).items()}}
        if not thesaurus:
            self.mapping = {}
        self.tokenizer = _tokenizer(thesaurus)
        with _lock:
            for term in set(self.mapping.values()):
                if self.tokenizer.FREQ.get(term, 0) < 1000:
                    self.tokenizer.add_word(term, 1000)
        # The canonical terms match themselves, so that 政务云迁移 is 政务云 + 迁移, not 政务 + 云迁移.
        self.mapping.update({t: t for t in set(self.mapping.values())})
        phrases = sorted((v for v in self.mapping if len(v) >= 3), key=len, reverse=True)
        self.phrases = re.compile("|".join(map(re.escape, phrases))) if thesaurus and phrases else None
        self.stop = stop_words()
        self._cache: dict[str, tuple[str, ...]] = {}

    def words(self, text: str) -> tuple[str, ...]:
        """The canonical terms of `text`, in order, repeated as often as they occur."""
        text = normalise(text)
        if not text.strip():
            return ()
        if (hit := self._cache.get(text)) is not None:
            return hit
        if self.phrases is not None:
            # Spaces around the canonical term keep jieba from gluing it to its neighbours.
            text = self.phrases.sub(lambda m: f" {self.mapping[m.group(0)]} ", text)
        found = []
        for word in self.tokenizer.lcut(text, HMM=False):
            for part in (*self._parts(word.strip()), word.strip()):
                part = self.mapping.get(part, part)
                if len(part) < 2 or len(part) > MAX_TERM or part in self.stop or not _WORD.search(part):
                    continue
                found.append(part)
        result = tuple(found)
        if len(self._cache) < 50_000:  # generated districts repeat their texts
            self._cache[text] = result
        return result

    def _parts(self, word: str) -> list[str]:
        """The dictionary's words inside a compound, as jieba's search mode finds them (智慧食堂:
        食堂; 独居老人: 独居, 老人), so that a compound meets the plain word too."""
        if len(word) < 3 or not _WORD.match(word):
            return []
        freq = self.tokenizer.FREQ
        return [
            word[i : i + n]
            for n in (2, 3)
            if len(word) > n
            for i in range(len(word) - n + 1)
            if freq.get(word[i : i + n])
        ]

    def bag(self, fields: Mapping[str, str]) -> Counter[str]:
        """The weighted counts of a project's fields (FIELD_WEIGHTS)."""
        counts: Counter[str] = Counter()
        for field, text in fields.items():
            weight = FIELD_WEIGHTS.get(field, 1)
            for word in self.words(text):
                counts[word] += weight
        return counts


def bm25_weights(counts: Mapping[str, int]) -> dict[str, float]:
    """Each term's weight in one text: its saturated, length-normalised count (the BM25 factor
    without the idf, which depends on the whole index and is applied when asking)."""
    length = sum(counts.values())
    norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
    return {t: round(c * (K1 + 1) / (c + norm), 4) for t, c in counts.items()}


def idf(df: int, docs: int) -> float:
    """BM25's inverse document frequency; 0 for a term in more than COMMON_SHARE of the projects."""
    if docs >= MIN_DOCS_FOR_SHARE and df > COMMON_SHARE * docs:
        return 0.0
    return math.log(1 + (docs - df + 0.5) / (df + 0.5))


def rank(
    query: Mapping[str, float], docs: Mapping[int, Mapping[str, float]], *, limit: int = 10
) -> list[tuple[int, float, list[str]]]:
    """In memory, what the index computes in the database: the `limit` best documents for `query`
    (both as term weights), with their score relative to the query's own and the shared terms
    by what they contribute. For the tests and for small sets."""
    df: Counter[str] = Counter(t for weights in docs.values() for t in weights)
    idfs = {t: idf(df[t], len(docs)) for t in query}
    own = sum(idfs[t] * w for t, w in query.items()) or 1.0
    scored = []
    for key, weights in docs.items():
        parts = {t: idfs[t] * weights[t] for t in query if t in weights and idfs[t] > 0}
        if parts:
            terms = sorted(parts, key=lambda t: (-parts[t], t))
            scored.append((key, round(sum(parts.values()) / own, 4), terms))
    scored.sort(key=lambda r: (-r[1], r[0]))
    return scored[:limit]


def overlap(terms: Iterable[str], limit: int = 8) -> list[str]:
    return list(terms)[:limit]
