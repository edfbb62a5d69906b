"""The labelled set (cases.toml) and its measures: precision at 1 and at 10, and how often the
twins of a query all rank above the decoys that share its words."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from govit.similar import text

CASES = Path(__file__).with_name("cases.toml")


@dataclass(frozen=True)
class Case:
    key: int
    group: str  # the purpose it shares with its twins
    near: str | None  # a decoy: the purpose whose words it shares
    name: str
    content: str
    reason: str

    def fields(self) -> dict[str, str]:
        return {"name": self.name, "summary": self.content, "reason": self.reason}


def load() -> list[Case]:
    data = tomllib.loads(CASES.read_text("utf-8"))
    cases = [
        Case(0, g["purpose"], None, i["name"], i["content"], i["reason"])
        for g in data["twins"]
        for i in g["items"]
    ]
    cases += [
        Case(0, f"decoy:{d['name']}", d["near"], d["name"], d["content"], d["reason"]) for d in data["decoy"]
    ]
    return [Case(n + 1, c.group, c.near, c.name, c.content, c.reason) for n, c in enumerate(cases)]


@dataclass(frozen=True)
class Figures:
    queries: int
    p1: float
    p10: float  # of the places its twins can fill in the ten (min(10, twins))
    above_decoys: float  # of the queries with decoys: every twin ranks above every decoy

    def __str__(self) -> str:
        return f"P@1 {self.p1:.3f}  P@10 {self.p10:.3f}  twins above decoys {self.above_decoys:.3f} ({self.queries} queries)"


def measure(cases: list[Case], ranking) -> Figures:
    """`ranking(case)` → the other cases' keys, best first."""
    by_key = {c.key: c for c in cases}
    p1 = p10 = above = with_decoys = 0.0
    queries = [c for c in cases if c.near is None]
    for query in queries:
        twins = {c.key for c in cases if c.group == query.group and c.key != query.key}
        decoys = {c.key for c in cases if c.near == query.group}
        ranked = [k for k in ranking(query) if k != query.key]
        p1 += bool(ranked) and ranked[0] in twins
        p10 += len(twins & set(ranked[:10])) / min(10, len(twins))
        if decoys:
            with_decoys += 1
            place = {k: n for n, k in enumerate(ranked)}
            worst_twin = max(place.get(k, len(cases)) for k in twins)
            best_decoy = min(place.get(k, len(cases) + 1) for k in decoys)
            above += worst_twin < best_decoy
    assert all(by_key[k] for k in by_key)
    n = len(queries)
    return Figures(n, p1 / n, p10 / n, above / with_decoys if with_decoys else 1.0)


def in_memory(cases: list[Case], analyzer: text.Analyzer):
    docs = {c.key: text.bm25_weights(analyzer.bag(c.fields())) for c in cases}

    def ranking(query: Case) -> list[int]:
        others = {k: w for k, w in docs.items() if k != query.key}
        return [k for k, _, _ in text.rank(docs[query.key], others, limit=len(docs))]

    return ranking
