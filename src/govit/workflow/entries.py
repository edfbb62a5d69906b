"""The ways into the lifecycle besides the unit's draft (R2.10), declared as data beside it: a
project a district listed before GovIT, taken in from its workbook by the BDB in the state its row
says, moved there by the engine (`engine.enter_many`). Pure, as the declaration is."""

from dataclasses import dataclass

from govit.workflow.lifecycle import ROLES, STATE_BY_CODE, TRANSITIONS

CATEGORIES = ("construction", "service", "om")


@dataclass(frozen=True)
class Entry:
    """A way in besides the unit's draft (R2.10): a project listed before GovIT, taken in from its
    workbook in its row's state: `like` a transition's target and effects (纳入清单), or `target`.

    `records` are what the row must bring for the state to be true (an approval the DRC gave, a
    system in the library), written by the engine with the state; `categories` the projects whose
    lifecycle has that state (a building phase for construction and service, a service term for O&M)."""

    code: str
    label: str
    actor: str
    article: int
    like: str = ""
    target: str = ""
    records: tuple[str, ...] = ()
    categories: tuple[str, ...] = CATEGORIES


BUILT = ("construction", "service")
ENTRIES: tuple[Entry, ...] = (
    Entry("import_listed", "从历史清单导入（已纳入清单）", "bdb", 9, like="list"),
    Entry("import_rejected", "从历史清单导入（未通过）", "bdb", 9, target="rejected"),
    Entry("import_withdrawn", "从历史清单导入（已撤回）", "bdb", 9, target="withdrawn"),
    # Past the scheme: the approval (or the O&M budget) decided; building; in the library; ended.
    Entry("import_approved", "从历史清单导入（已批复，待采购实施）", "bdb", 13, target="approved",
          records=("approval",), categories=BUILT),
    Entry("import_om_approved", "从历史清单导入（运维预算已安排）", "bdb", 13, target="approved",
          categories=("om",)),
    Entry("import_construction", "从历史清单导入（建设实施）", "bdb", 16, target="construction",
          records=("approval",), categories=BUILT),
    Entry("import_delivered", "从历史清单导入（已交付使用）", "bdb", 24, target="delivered",
          records=("built_system",), categories=BUILT),
    Entry("import_retired", "从历史清单导入（已停用）", "bdb", 24, target="retired",
          records=("built_system", "retirement"), categories=BUILT),
    Entry("import_om_service", "从历史清单导入（运维服务中）", "bdb", 25, target="om_service",
          categories=("om",)),
    Entry("import_om_closed", "从历史清单导入（运维服务期满）", "bdb", 25, target="om_closed",
          categories=("om",)),
)  # fmt: skip
ENTRY_BY_CODE = {entry.code: entry for entry in ENTRIES}
# What each record is, in the row's words (the importer asks the row for these).
RECORDS = {"approval": "批复（文号、金额）", "built_system": "交付使用日期", "retirement": "停用日期"}


def _validate() -> None:
    """A known role, one known transition to be like or a known state to enter, known records and
    categories, and a listed state for whatever brings records: checked at import."""
    transitions = {t.code for t in TRANSITIONS}
    for entry in ENTRIES:
        # An entry is like 纳入清单 (whose effect, the list code, the engine gives in bulk) or enters a state.
        known = {"list"} & transitions if entry.like else STATE_BY_CODE
        if (
            entry.actor not in ROLES
            or bool(entry.like) == bool(entry.target)
            or (entry.like or entry.target) not in known
            or not set(entry.records) <= RECORDS.keys()
            or not set(entry.categories) <= set(CATEGORIES)
            or (entry.records and not STATE_BY_CODE[entry.target].listed)
        ):
            raise ValueError(
                f"entry {entry.code}: its role, one known transition to be like or state to enter, "
                "known records and categories"
            )


_validate()
