"""Filters the project pages share: money in 万元, articles cited in Chinese, state and role labels."""

from decimal import Decimal

from django import template

from govit import policy
from govit.accounts.roles import Role
from govit.projects.models import Category
from govit.workflow.lifecycle import STATE_BY_CODE

register = template.Library()


@register.filter
def wan(amount: Decimal | None) -> str:
    """1200000000.00 → "1,200.00" (万元, at most four decimals, R1.6); blank for no amount."""
    if amount in (None, ""):
        return ""
    return policy.format_wan(Decimal(amount))


@register.filter
def wan_unit(amount: Decimal | None) -> str:
    """Like `wan`, with the unit: "1,200.00万元"."""
    text = wan(amount)
    return f"{text}万元" if text else "—"


@register.filter
def cite(article: int | None, clause: int | None = None) -> str:
    """13 → "第十三条"; with a clause, `{{ b.article|cite:b.clause }}` → "第十三条第二款"."""
    if not article:
        return ""
    return policy.cite(int(article), int(clause) if clause else None)


@register.filter
def state_label(code: str) -> str:
    state = STATE_BY_CODE.get(code)
    return state.label if state else code


@register.filter
def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


@register.filter
def has_role(user, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with `changes` applied (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def category_label(code: str) -> str:
    return Category(code).label if code in Category.values else code


@register.filter
def plain(value) -> str:
    """A snapshot value as people read it: 是/否 for flags, （空） for nothing."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@register.filter
def channel_label(code: str) -> str:
    """district_investment → 纳入区级投资项目 (第十条)."""
    # The channels' words are the same in every version; the newest one names them.
    channels = policy.available_policies()[-1].funding_channels.values()
    return next((c["label"] for c in channels if c["code"] == code), code)


@register.filter
def section(project, anchor: str) -> str:
    """The address of a section (`contracts`) or a row (`contract-3`) of the project's pages, on
    the page that holds it: `{{ project|section:"funds" }}`."""
    from govit.projects.views.page import section_url  # the tabs are drawn from the rooms' panels

    return section_url(project, anchor)
