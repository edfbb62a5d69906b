"""The regulation versions: one TOML data file per version, read into a `Policy` (R9.4).

A project keeps the id of the version it was decided under; `policy_in_force(date)` picks the
version that applied on a day. Nothing here knows Django.
"""

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from govit.policy.numerals import chinese_number
from govit.policy.outline import Outline, build_outlines
from govit.workflow.lines import route_steps

Boundary = Literal["at_or_below", "at_or_above", "above", "below"]

BOUNDARY_SYMBOLS: dict[str, str] = {"at_or_below": "≤", "at_or_above": "≥", "above": ">", "below": "<"}


@dataclass(frozen=True)
class Threshold:
    """A number the Rules set, with the side of the boundary the number itself is on (R1.5)."""

    code: str
    label: str
    limit: Decimal
    boundary: Boundary
    term: str
    article: int
    clause: int
    text: str

    def holds(self, value: Decimal) -> bool:
        """Whether `value` lies on the named side: e.g. an at_or_below limit holds for the limit itself."""
        if self.boundary == "at_or_below":
            return value <= self.limit
        if self.boundary == "at_or_above":
            return value >= self.limit
        if self.boundary == "above":
            return value > self.limit
        return value < self.limit

    @property
    def symbol(self) -> str:
        return BOUNDARY_SYMBOLS[self.boundary]


@dataclass(frozen=True)
class Band:
    """第二十六条 (R5.6): a band of evaluation scores, from `lower` (included) to the next band's,
    and what it recommends for the system's O&M budget and for its unit's new applications."""

    lower: Decimal
    label: str
    om: str  # the recommendation for the system's O&M application
    om_rise: Decimal | None  # the most it may exceed last year's, as a share of it; None: no cap
    new: str  # the recommendation for the unit's new applications; "" asks nothing


@dataclass(frozen=True)
class Steering:
    """How evaluation results steer next year's money (第二十六条第二款; our reading)."""

    article: int
    clause: int | None
    bands: tuple[Band, ...]  # ascending, the first from 0


@dataclass(frozen=True)
class Step:
    """One step of the route before construction (第九至十三条)."""

    code: str
    actor: str
    article: int
    label: str


@dataclass(frozen=True)
class Policy:
    """One regulation version: its thresholds, periods, texts and route data."""

    id: str
    title: str
    document_number: str
    effective: date
    thresholds: dict[str, Threshold]
    periods: dict[str, dict[str, Any]]
    funding_channels: dict[str, dict[str, Any]]
    work_types: dict[str, dict[str, str]]
    categories: dict[str, str]
    excluded_purchases: dict[str, str]
    extra_approvals: dict[str, str]
    extra_approvals_article: int
    om_procurement_follows_service: bool
    steps: dict[str, Step]
    paths: dict[str, dict[str, Any]]
    actors: dict[str, str]
    security_assessments: dict[str, dict[str, Any]]
    reminder_lead_days: tuple[int, ...]
    evaluation_due: tuple[int, int]  # (month, day) of the year after the one evaluated
    articles: dict[int, str]
    outlines: dict[str, Outline]  # 附件2 (proposal), 附件3 (design): the outlines documents follow
    oversight: dict[str, dict[str, str]]  # a bureau's role → its finding's label and its duty
    oversight_article: int
    steering: Steering

    def article_text(self, number: int) -> str:
        return self.articles[number]

    def cite(self, article: int, clause: int | None = None) -> str:
        return cite(article, clause)


def cite(article: int, clause: int | None = None) -> str:
    """ "第十三条第二款" — how the Rules are cited in Chinese (the same in every version)."""
    text = f"第{chinese_number(article)}条"
    if clause:
        text += f"第{chinese_number(clause)}款"
    return text


# A revised regulation is a new data file, not a code change (R9.4): besides the files shipped in
# data/, the folders named in GOVIT_POLICY_DIRS (separated by os.pathsep) hold the district's own.
POLICY_DIRS_VARIABLE = "GOVIT_POLICY_DIRS"


def _extra_folders() -> str:
    return os.environ.get(POLICY_DIRS_VARIABLE, "")


@cache
def _data_files(extra: str) -> dict[str, Any]:
    """Every version's data file by id: the shipped ones, then those of the extra folders."""
    found: dict[str, Any] = {}
    folders: list[Any] = [resources.files("govit.policy") / "data"]
    folders += [Path(f) for f in extra.split(os.pathsep) if f]
    for folder in folders:
        for file in sorted(folder.iterdir(), key=lambda f: f.name):
            if file.name.endswith(".toml"):
                found[file.name.removesuffix(".toml")] = file
    return found


def load_policy(policy_id: str) -> Policy:
    """The version `policy_id`, read from its data file (once: the files do not change while
    GovIT runs; a new or corrected file is read when it starts again)."""
    return _load(policy_id, _extra_folders())


@cache
def _load(policy_id: str, extra: str) -> Policy:
    file = _data_files(extra).get(policy_id)
    if file is None:
        raise KeyError(f"未知的政策版本：{policy_id}")
    policy = _build(tomllib.loads(file.read_text("utf-8")))
    if policy.id != policy_id:
        raise ValueError(f"{file}: the file's id is {policy.id!r}, not {policy_id!r}")
    return policy


def available_policies() -> list[Policy]:
    """Every version, oldest first."""
    return sorted((load_policy(i) for i in _data_files(_extra_folders())), key=lambda p: p.effective)


def policy_in_force(on: date) -> Policy:
    """The version that applied on `on`; the oldest one for days before any took effect."""
    versions = available_policies()
    current = versions[0]
    for version in versions:
        if version.effective <= on:
            current = version
    return current


def _after_listing(steps: list[str]) -> list[str]:
    """A path's own steps: those after 纳入清单 (第十二条's gate), where the paths part."""
    return steps[steps.index("listing") + 1 :]


def _steering(raw: dict[str, Any]) -> Steering:
    bands = tuple(
        Band(
            Decimal(b["from"]),
            b["label"],
            b["om"],
            Decimal(b["om_rise"]) if "om_rise" in b else None,
            b["new"],
        )
        for b in raw["bands"]
    )
    lowers = [b.lower for b in bands]
    if not bands or lowers[0] != 0 or lowers != sorted(set(lowers)):
        raise ValueError("steering.bands: the first band starts from 0 and each starts above the one before")
    return Steering(raw["article"], raw.get("clause"), bands)


def _build(raw: dict[str, Any]) -> Policy:
    thresholds = {
        code: Threshold(
            code=code,
            label=t["label"],
            limit=Decimal(t["amount"] if "amount" in t else t["ratio"]),
            boundary=t["boundary"],
            term=t["term"],
            article=t["article"],
            clause=t["clause"],
            text=t["text"],
        )
        for code, t in raw["thresholds"].items()
    }
    for t in thresholds.values():
        if t.boundary not in BOUNDARY_SYMBOLS:
            raise ValueError(f"{t.code}: unknown boundary {t.boundary!r}")
    extra = dict(raw["extra_approvals"])
    extra_article = extra.pop("article")
    assessments = {k: v for k, v in raw["security_assessments"].items() if isinstance(v, dict)}
    return Policy(
        id=raw["id"],
        title=raw["title"],
        document_number=raw["document_number"],
        effective=date.fromisoformat(raw["effective"]),
        thresholds=thresholds,
        periods=raw["periods"],
        funding_channels=raw["funding_channels"],
        work_types=raw["work_types"],
        categories=raw["categories"],
        excluded_purchases=raw["scope"]["excluded_purchases"],
        extra_approvals=extra,
        extra_approvals_article=extra_article,
        om_procurement_follows_service=raw["route"]["om_procurement_follows_service"],
        steps={code: Step(code=code, **s) for code, s in raw["route"]["steps"].items()},
        paths={
            name: {**path, "steps": _after_listing(route_steps(path=name, new=False, urgent=False))}
            for name, path in raw["route"]["paths"].items()
        },
        actors=raw["actors"],
        security_assessments=assessments,
        reminder_lead_days=tuple(raw["reminders"]["lead_days"]),
        evaluation_due=(raw["evaluations"]["due_month"], raw["evaluations"]["due_day"]),
        articles={int(n): text.strip() for n, text in raw["articles"].items()},
        outlines=build_outlines(raw["outlines"]),
        oversight={role: dict(v) for role, v in raw["oversight"].items() if isinstance(v, dict)},
        oversight_article=raw["oversight"]["article"],
        steering=_steering(raw["steering"]),
    )
