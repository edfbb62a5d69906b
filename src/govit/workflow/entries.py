"""The ways into the lifecycle besides the unit's draft (R2.10), declared as data beside it: a
project a district listed before GovIT, taken in from its workbook by the BDB in the state its row
says, moved there by the engine (`engine.enter_many`). Pure, as the declaration is."""

from dataclasses import dataclass

from govit.workflow.lifecycle import ROLES, STATE_BY_CODE, TRANSITIONS


@dataclass(frozen=True)
class Entry:
    """A way in besides the unit's draft (R2.10): a project listed before GovIT, taken in from its
    workbook in its row's state: `like` a transition's target and effects (纳入清单), or `target`."""

    code: str
    label: str
    actor: str
    article: int
    like: str = ""
    target: str = ""


ENTRIES: tuple[Entry, ...] = (
    Entry("import_listed", "从历史清单导入（已纳入清单）", "bdb", 9, like="list"),
    Entry("import_rejected", "从历史清单导入（未通过）", "bdb", 9, target="rejected"),
    Entry("import_withdrawn", "从历史清单导入（已撤回）", "bdb", 9, target="withdrawn"),
)
ENTRY_BY_CODE = {entry.code: entry for entry in ENTRIES}


def _validate() -> None:
    """A known role, and a known transition to be like or a known state to enter: checked at import."""
    transitions = {t.code for t in TRANSITIONS}
    for entry in ENTRIES:
        # An entry is like 纳入清单 (whose effect, the list code, the engine gives in bulk) or enters a state.
        known = {"list"} & transitions if entry.like else STATE_BY_CODE
        if (
            entry.actor not in ROLES
            or bool(entry.like) == bool(entry.target)
            or (entry.like or entry.target) not in known
        ):
            raise ValueError(
                f"entry {entry.code}: its role, and one known transition to be like or state to enter"
            )


_validate()
