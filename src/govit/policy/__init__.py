"""The Rules as pure Python: 《重庆市渝中区政务信息化项目管理细则（试行）》(渝中府办〔2021〕19号).

No Django here: the numbers live in one data file per regulation version (`data/*.toml`), each
with its article, paragraph and boundary side; the functions gathered in `rules` (from
`classification`, `route`, `deadlines`, `change`) apply them to one project's facts and say why,
article by article.
"""

from govit.policy.answers import Basis, PolicyError
from govit.policy.change import change_check
from govit.policy.classification import classify, funding_channel, scope
from govit.policy.dates import WorkCalendar, YearSchedule, add_months, load_schedules
from govit.policy.deadlines import application_deadline, contract_due, trial_ready, trial_ready_refusal
from govit.policy.money import AmountError, format_wan, format_yuan, parse_amount, to_wan
from govit.policy.route import route, supervision
from govit.policy.versions import Policy, Threshold, available_policies, cite, load_policy, policy_in_force

__all__ = [
    "AmountError",
    "Basis",
    "Policy",
    "PolicyError",
    "Threshold",
    "WorkCalendar",
    "YearSchedule",
    "add_months",
    "application_deadline",
    "available_policies",
    "change_check",
    "cite",
    "classify",
    "contract_due",
    "format_wan",
    "format_yuan",
    "funding_channel",
    "load_policy",
    "load_schedules",
    "parse_amount",
    "policy_in_force",
    "route",
    "scope",
    "supervision",
    "to_wan",
    "trial_ready",
    "trial_ready_refusal",
]
