"""What a row of an earlier list must bring for its project to enter a state past the scheme
phase (R2.10, workflow.entries): the approval that ended the scheme (its 文号 and amount), the day
the system was delivered into the library, the day it left service. Read from the row's cells into
the entry's inputs, which the engine writes as records (`effects.enter_records`) and the import's
event keeps; a row that does not bring them, or brings dates that cannot be (after today, before
the list's year, a delivery before its approval), is refused with what is missing."""

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError

from govit import clock, policy
from govit.projects.models import document_number_validator
from govit.workflow.entries import Entry

NOT_RECORDED = "（历史清单未载）"
YES = {"是", "√", "✓", "已", "y", "yes", "true", "1", "有"}
NO = {"否", "×", "✗", "未", "n", "no", "false", "0", "无", ""}


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _date(values: dict[str, Any], name: str, label: str, *, year: int) -> date | None:
    """A date cell as Excel keeps it (a date) or as typed (2024-05-20, 2024/5/20, 2024.5.20,
    2024年5月20日); after the list's year began a year before and not after today."""
    value = values.get(name)
    if value is None or _text(values, name) == "":
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        found = re.fullmatch(
            r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", _text(values, name)
        )
        try:
            day = date(*map(int, found.groups())) if found else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(f"{label}“{_text(values, name)}”无效：应为日期，如 2024-05-20。")
    if day > clock.today():
        raise ValueError(f"{label}{day:%Y-%m-%d}晚于今天。")
    if day < date(year - 1, 1, 1):
        raise ValueError(f"{label}{day:%Y-%m-%d}早于{year}年度清单的编制。")
    return day


def _flag(values: dict[str, Any], name: str, label: str) -> bool:
    text = _text(values, name).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{label}“{_text(values, name)}”无效：应为“是”或“否”。")


def _approval(values: dict[str, Any], *, year: int, in_yuan: frozenset[str], needed: bool) -> dict | None:
    number = _text(values, "approval_number")
    if not number:
        if needed:
            raise ValueError("已批复的项目须填批复文号和批复金额（区发改委的批复或财政部令第87号预算）。")
        return None
    try:
        document_number_validator(number)
    except ValidationError:
        raise ValueError(f"批复文号“{number}”无效：文号格式应如 渝中发改投〔2024〕12号。") from None
    total = _text(values, "approved_total")
    if not total:
        raise ValueError(f"填了批复文号“{number}”，也须填批复金额。")
    try:
        approved = policy.parse_amount(total + ("" if "approved_total" in in_yuan else "万"))
    except policy.AmountError:
        raise ValueError(f"批复金额“{total}”无效：应为万元数，如 820 或 120.5。") from None
    if approved <= 0:
        raise ValueError("批复金额应大于零。")
    approved_on = _date(values, "approved_on", "批复日期", year=year)
    return {"document_number": number, "approved_total": str(approved),
            "approved_on": approved_on.isoformat() if approved_on else None}  # fmt: skip


def records(values: dict[str, Any], entry: Entry, *, year: int, in_yuan: frozenset[str]) -> dict[str, Any]:
    """The inputs `entry` needs from the row (`values`: the row's fields), or ValueError saying what is wrong."""
    found: dict[str, Any] = {}
    approval = _approval(values, year=year, in_yuan=in_yuan, needed="approval" in entry.records)
    if approval:
        found["approval"] = approval
    if "built_system" in entry.records:
        delivered = _date(values, "delivered_on", "交付使用日期", year=year)
        if delivered is None:
            raise ValueError("已交付使用的项目须填交付使用日期（终验备案确认、纳入已建项目库之日）。")
        approved_on = approval and approval["approved_on"]
        if approved_on and delivered.isoformat() < approved_on:
            raise ValueError(f"交付使用日期{delivered:%Y-%m-%d}早于批复日期{approved_on}。")
        found["built_system"] = {
            "delivered_on": delivered.isoformat(),
            "on_cloud": _flag(values, "on_cloud", "部署政务云"),
            "shares_data": _flag(values, "shares_data", "数据共享"),
            "hub_connected": _flag(values, "hub_connected", "接入智能中枢"),
        }
    if "retirement" in entry.records:
        retired = _date(values, "retired_on", "停用日期", year=year)
        if retired is None:
            raise ValueError("已停用的项目须填停用日期。")
        if retired < date.fromisoformat(found["built_system"]["delivered_on"]):
            raise ValueError(f"停用日期{retired:%Y-%m-%d}早于交付使用日期。")
        found["retirement"] = {
            "retired_on": retired.isoformat(),
            "retire_reason": _text(values, "retire_reason")[:500] or NOT_RECORDED,
            "data_destination": _text(values, "data_destination")[:500] or NOT_RECORDED,
        }
    return found
