"""第二十一条: a change request's own small lifecycle, declared like the project's (pure Python).

A change of the software's functional requirements starts `recorded` when the cumulative changes
stay within the policy's ratio, or `bdb_review` when they exceed it; from there the BDB evaluates
it with the DRC, which issues the re-approval. `move` is the one function that says whether a step
may be taken; the service in govit.projects.construction executes it and writes the audit event.
"""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ChangeState:
    code: str
    label: str
    actor: str | None  # who must act next; None when the change is settled


@dataclass(frozen=True)
class ChangeTransition:
    code: str
    label: str
    source: str
    target: str
    actor: str
    article: int = 21
    kind: Literal["forward", "reject"] = "forward"


STATES: tuple[ChangeState, ...] = (
    ChangeState("recorded", "已记录（未超出重新审批比例）", None),
    ChangeState("bdb_review", "待区大数据发展局评估", "bdb"),
    ChangeState("drc_review", "待区发改委审核", "drc"),
    ChangeState("approved", "已重新批复", None),
    ChangeState("refused", "未通过", None),
)
STATE_BY_CODE = {s.code: s for s in STATES}

TRANSITIONS: tuple[ChangeTransition, ...] = (
    ChangeTransition("review_pass", "评估变更（通过）", "bdb_review", "drc_review", "bdb"),
    ChangeTransition("review_refuse", "评估变更（不同意）", "bdb_review", "refused", "bdb", kind="reject"),
    ChangeTransition("approve", "下达项目方案及概算调整批复", "drc_review", "approved", "drc"),
)

# Waiting for a bureau: the project's acceptance waits for these (第二十一条 before 第二十三条).
PENDING = frozenset(s.code for s in STATES if s.actor is not None)
# Settled: refused where a bureau rejected the change, else accepted (recorded or approved again).
REFUSED = frozenset(t.target for t in TRANSITIONS if t.kind == "reject")
ACCEPTED = frozenset(s.code for s in STATES if s.actor is None) - REFUSED


def start(*, requires_reapproval: bool) -> str:
    """Where a new change request begins: with the BDB when it exceeds the ratio, else recorded."""
    return "bdb_review" if requires_reapproval else "recorded"


def waiting_for(actor: str) -> frozenset[str]:
    return frozenset(s.code for s in STATES if s.actor == actor)


def move(status: str, code: str) -> ChangeTransition | None:
    """The declared step `code` out of `status`, or None when it cannot be taken from there."""
    return next((t for t in TRANSITIONS if t.code == code and t.source == status), None)


def _validate() -> None:
    """A change step names declared states, and is taken by whom its source state waits for; the
    engine checks the roles against govit.accounts.roles.Role (`engine.validate_declaration`)."""
    by_code = {s.code: s for s in STATES}
    for t in TRANSITIONS:
        unknown = [code for code in (t.source, t.target) if code not in by_code]
        if unknown:
            raise ValueError(f"change transition {t.code}: unknown state {', '.join(map(repr, unknown))}")
        if by_code[t.source].actor != t.actor:
            raise ValueError(f"change transition {t.code}: {t.actor!r} does not act in {t.source}")


_validate()
