"""A version's numbers as they read in a sentence (R9.4).

Pages, forms, refusals, reminders and the API show the Rules' thresholds, periods and deadlines
in words ("100万元以上（含100万元）", "10%", "7个工作日", "9月30日"). Every such word is made here
from the version's data file, so a revised regulation is a new data file and nothing else: no
number is typed into a text anywhere else (tests/test_no_threshold_text.py greps for them).
"""

from dataclasses import dataclass
from decimal import Decimal

from govit.policy.money import to_wan
from govit.policy.versions import Policy, Threshold, cite


def figure(threshold: Threshold) -> str:
    """The threshold's number as the Rules write it: "1000万元", "20万元", "10%", "12.5%"."""
    # An amount is in yuan (a threshold of at least one yuan); a ratio is below one.
    if threshold.limit >= 1:
        return f"{_plain(to_wan(threshold.limit))}万元"
    return f"{_plain(threshold.limit * 100)}%"


def _plain(number: Decimal) -> str:
    """1000.000000 → "1000", 12.50 → "12.5" (never "1E+3")."""
    return f"{number.normalize():f}"


@dataclass(frozen=True)
class Terms:
    """The words of one version's numbers, for a template or a message (each with its article)."""

    policy_id: str
    deadline: str  # 第九条: "每年9月底前（含9月30日）"
    deadline_day: str  # "9月30日"
    deadline_article: str
    combined: str  # 第十三条第二款: "1000万以下（含1000万）"
    separate: str  # "超过1000万元"
    supervision: str  # 第十八条: "100万元以上（含100万元）"
    supervision_article: str
    change: str  # 第二十一条: "10%"
    change_article: str
    filing_days: int  # 第十六条第二款: 7
    filing_article: str
    trial_months: int  # 第二十三条: 2
    trial_article: str

    @property
    def filing(self) -> str:
        """ "签订后7个工作日内" """
        return f"签订后{self.filing_days}个工作日内"

    @property
    def trial(self) -> str:
        """ "2个月" """
        return f"{self.trial_months}个月"


def terms(policy: Policy) -> Terms:
    """The words of `policy`'s numbers."""
    deadline = policy.periods["application_deadline"]
    filing = policy.periods["contract_filing"]
    trial = policy.periods["trial_run"]
    combined = policy.thresholds["combined_path_limit"]
    supervision = policy.thresholds["supervision"]
    change = policy.thresholds["change_reapproval"]
    return Terms(
        policy_id=policy.id,
        deadline=deadline["term"],
        deadline_day=f"{deadline['month']}月{deadline['day']}日",
        deadline_article=cite(deadline["article"]),
        combined=combined.term,
        separate=separate_term(policy),
        supervision=supervision.term,
        supervision_article=cite(supervision.article),
        change=figure(change),
        change_article=cite(change.article),
        filing_days=filing["working_days"],
        filing_article=cite(filing["article"], filing["clause"]),
        trial_months=trial["months"],
        trial_article=cite(trial["article"]),
    )


def separate_term(policy: Policy) -> str:
    """第十三条第二款's other side: the combined path's limit is on the combined side (以下含本数),
    so the separate path is "超过1000万元"."""
    limit = policy.thresholds["combined_path_limit"]
    side = "超过" if limit.boundary == "at_or_below" else "达到"
    return f"{side}{figure(limit)}"


def path_label(path: str, label: str, policy: Policy) -> str:
    """A path's name with the amounts it applies to under `policy`: "可研、初设分别审批（超过1000万元）".
    The names of the paths (`label`) carry no number; the version adds it where it is shown."""
    if path == "combined":
        return f"{label}（{policy.thresholds['combined_path_limit'].term}）"
    if path == "separate":
        return f"{label}（{separate_term(policy)}）"
    return label
