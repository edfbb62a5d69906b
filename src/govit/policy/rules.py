"""The Rules' questions, answered for one project, each with the articles it rests on.

Every function is pure: facts in, an answer with its `basis` out. The web application, the API
and `govit policy` all call these same functions; the numbers come from the policy data file.
This module gathers them from where they live:

- `answers`: the basis every answer carries, PolicyError, and the JSON the CLI and API print;
- `classification`: scope (第二条), category (第三条), funding channel (第十条);
- `route`: the route before construction (第九至十五条) and supervision (第十八条);
- `deadlines`: the yearly call (第九条), contract filing (第十六条), the trial run (第二十三条);
- `change`: change control (第二十一条).
"""

from govit.policy.answers import Basis, PolicyError, as_json
from govit.policy.change import ChangeCheck, change_check
from govit.policy.classification import (
    CATEGORIES,
    WORK_TYPES,
    Classification,
    FundingChannel,
    ScopeAnswer,
    classify,
    funding_channel,
    scope,
)
from govit.policy.deadlines import (
    ApplicationDeadline,
    ContractDue,
    TrialReady,
    application_deadline,
    contract_due,
    trial_ready,
    trial_ready_refusal,
)
from govit.policy.route import Route, RouteStep, Supervision, route, supervision

__all__ = [
    "CATEGORIES",
    "WORK_TYPES",
    "ApplicationDeadline",
    "Basis",
    "ChangeCheck",
    "Classification",
    "ContractDue",
    "FundingChannel",
    "PolicyError",
    "Route",
    "RouteStep",
    "ScopeAnswer",
    "Supervision",
    "TrialReady",
    "application_deadline",
    "as_json",
    "change_check",
    "classify",
    "contract_due",
    "funding_channel",
    "route",
    "scope",
    "supervision",
    "trial_ready",
    "trial_ready_refusal",
]
