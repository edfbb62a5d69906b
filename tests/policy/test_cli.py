"""`govit policy …` against POLICY-CLI.md: its keys, its words, its exit codes.

Most cases call `run(argv)` in-process; one subprocess per command, and every kind of bad input,
prove the real command prints exactly one JSON object and never a traceback.
"""

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from tests.rules import OFFICIAL, YUZHONG

from govit.policy import rules
from govit.policy.cli import run

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT = re.compile(r"\d+\.\d{2}")

# command → (a valid argv, the keys POLICY-CLI.md names for its answer)
CONTRACT = {
    "classify": (["--work", "upgrade", "--amount", "20万"], {"category", "basis"}),
    "route": (
        ["--category", "construction", "--amount", "1200万", "--new", "--civil-works"],
        {
            "category",
            "amount",
            "policy",
            "funding_channel",
            "needs_proposal",
            "needs_leading_group",
            "needs_third_party_design",
            "supervision_required",
            "extra_approvals",
            "steps",
            "basis",
        },
    ),
    "contract-due": (["--signed", "2026-09-30"], {"signed", "due", "working_days", "provisional", "basis"}),
    "workdays": (["--from", "2026-09-30", "--days", "3"], {"from", "days", "due", "provisional"}),
    "trial-ready": (["--start", "2025-12-31"], {"start", "earliest_application", "months", "basis"}),
    "change": (
        ["--approved-software", "1000000", "--change", "60000", "--change", "40000.01"],
        {"approved_software", "cumulative", "ratio", "threshold", "requires_reapproval", "basis"},
    ),
    "application-deadline": (["--year", "2027"], {"year", "deadline", "late", "basis"}),
}

# What each command answers for the argv above, worked out from the Rules.
EXPECTED = {
    "classify": {"category": "om"},
    "route": {
        "category": "construction",
        "amount": "12000000.00",
        "policy": "yuzhong-2021",
        "funding_channel": "district_investment",
        "needs_proposal": True,
        "needs_leading_group": True,
        "needs_third_party_design": True,
        "supervision_required": True,
        "extra_approvals": ["energy_assessment", "site_selection", "land_pre_review", "eia"],
    },
    "contract-due": {"signed": "2026-09-30", "due": "2026-10-15", "working_days": 7, "provisional": False},
    "workdays": {"from": "2026-09-30", "days": 3, "due": "2026-10-10", "provisional": False},
    "trial-ready": {"start": "2025-12-31", "earliest_application": "2026-02-28", "months": 2},
    "change": {
        "approved_software": "1000000.00",
        "cumulative": "100000.01",
        "ratio": "0.1000",
        "threshold": "0.10",
        "requires_reapproval": True,
    },
    "application-deadline": {"year": 2027, "deadline": "2026-09-30", "late": None},
}


def _assert_keeps_the_contract(command: str, data: dict) -> None:
    argv, keys = CONTRACT[command]
    assert set(data) >= keys, f"{command} lacks {keys - set(data)}"
    assert {k: data[k] for k in EXPECTED[command]} == EXPECTED[command]
    if "basis" in keys:
        assert isinstance(data["basis"], list) and data["basis"]
        for basis in data["basis"]:
            assert type(basis["article"]) is int and 1 <= basis["article"] <= 29
            assert isinstance(basis["reason"], str) and basis["reason"].strip()
    for key in ("amount", "approved_software", "cumulative"):
        if key in data:
            assert isinstance(data[key], str) and AMOUNT.fullmatch(data[key]), (key, data[key])
    for key in ("signed", "due", "from", "start", "earliest_application", "deadline"):
        if key in data:
            assert DATE.fullmatch(data[key]), (key, data[key])
    for step in data.get("steps", []):
        assert set(step) >= {"code", "actor", "article"}
        assert type(step["article"]) is int


@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_every_command_answers_with_the_contracts_keys(command):
    code, data = run([command, *CONTRACT[command][0]])

    assert code == 0
    _assert_keeps_the_contract(command, data)


@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_the_govit_command_prints_one_json_object_and_exits_0(govit, command):
    answer = govit(command, *CONTRACT[command][0])

    assert answer.code == 0
    assert answer.stderr == ""
    _assert_keeps_the_contract(command, answer.data)


def test_the_govit_command_prints_late_as_json_null(govit):
    answer = govit("application-deadline", "--year", "2027")

    assert '"late": null' in answer.stdout


def test_the_installed_console_script_answers_too():
    script = Path(sys.executable).with_name("govit")
    if not script.exists():
        pytest.skip("the govit console script is not installed beside this Python")

    done = subprocess.run(
        [str(script), "policy", "classify", "--work", "maintenance", "--amount", "5"],
        capture_output=True,
        check=False,
    )

    assert done.returncode == 0
    assert b'"category": "om"' in done.stdout


def test_the_cli_is_a_thin_shell_over_the_rules():
    assert run(["contract-due", "--signed", "2026-09-25"])[1] == rules.as_json(
        rules.contract_due(policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 25))
    )
    assert run(["trial-ready", "--start", "2026-07-31"])[1] == rules.as_json(
        rules.trial_ready(policy=YUZHONG, start=date(2026, 7, 31))
    )
    assert run(["change", "--approved-software", "3333333.33", "--change", "333333.34"])[1] == rules.as_json(
        rules.change_check(
            policy=YUZHONG, approved_software=Decimal("3333333.33"), changes=[Decimal("333333.34")]
        )
    )


BAD_INPUT = [
    # unknown option values
    (["classify", "--work", "demolition", "--amount", "5"], "--work"),
    (["route", "--category", "consulting", "--amount", "5"], "--category"),
    # malformed dates
    (["contract-due", "--signed", "2026-02-30"], "--signed"),
    (["contract-due", "--signed", "2026-13-01"], "--signed"),
    (["contract-due", "--signed", "20260101"], "--signed"),
    (["workdays", "--from", "2026/09/30", "--days", "3"], "--from"),
    (["trial-ready", "--start", "2026-1-15"], "--start"),
    (["application-deadline", "--year", "2027", "--submitted", "tomorrow"], "--submitted"),
    (["application-deadline", "--year", "27"], "--year"),
    (["workdays", "--from", "2026-09-30", "--days", "three"], "--days"),
    (["workdays", "--from", "2026-09-30", "--days", "-1"], "--days"),
    # malformed amounts
    (["classify", "--work", "new", "--amount", "abc"], "--amount"),
    (["classify", "--work", "new", "--amount", "1e5"], "--amount"),
    (["route", "--category", "om", "--amount", "0.001"], "--amount"),
    (["change", "--approved-software", "100万", "--change", "0.0000001万"], "--change"),
    # negative amounts
    (["classify", "--work", "new", "--amount", "-5"], "--amount"),
    (["route", "--category", "service", "--amount", "-0.01"], "--amount"),
    (["change", "--approved-software", "-100万", "--change", "1"], "--approved-software"),
    (["change", "--approved-software", "100万", "--change", "-1"], "--change"),
    # missing options
    (["classify", "--work", "new"], "--amount"),
    (["route", "--amount", "5"], "--category"),
    (["contract-due"], "--signed"),
    (["workdays", "--from", "2026-09-30"], "--days"),
    (["trial-ready"], "--start"),
    (["change", "--approved-software", "100万"], "--change"),
    (["application-deadline"], "--year"),
]


@pytest.mark.parametrize(("argv", "option"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_exits_2_with_an_error_naming_the_option(argv, option):
    code, data = run(argv)

    assert code == 2
    assert set(data) >= {"error"}
    assert option in data["error"]


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["classify", "--work", "demolition", "--amount", "5"], "--work"),
        (["contract-due", "--signed", "2026-02-30"], "--signed"),
        (["contract-due", "--signed", "2026-13-01"], "--signed"),
        (["contract-due", "--signed", "20260101"], "--signed"),
        (["classify", "--work", "new", "--amount", "abc"], "--amount"),
        (["classify", "--work", "new", "--amount", "-5"], "--amount"),
        (["classify", "--work", "new"], "--amount"),
        (["change", "--approved-software", "100万"], "--change"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_the_govit_command_reports_bad_input_as_json_without_a_traceback(govit, argv, option):
    answer = govit(*argv)

    assert answer.code == 2
    assert option in answer.data["error"]
    assert answer.stderr == ""


def test_an_unknown_option_is_named_in_the_error():
    code, data = run(["classify", "--work", "new", "--amount", "5", "--colour", "red"])

    assert code == 2
    assert "--colour" in data["error"]


def test_an_unknown_command_exits_2():
    code, data = run(["demolish"])

    assert code == 2
    assert "error" in data


def test_no_command_at_all_exits_2():
    code, data = run([])

    assert code == 2
    assert "error" in data


def test_an_unknown_policy_version_exits_2_naming_the_option():
    code, data = run(["--policy-id", "yuzhong-1999", "classify", "--work", "new", "--amount", "5"])

    assert code == 2
    assert "--policy-id" in data["error"]


def test_the_policy_version_can_be_named_explicitly():
    code, data = run(["--policy-id", "yuzhong-2021", "route", "--category", "om", "--amount", "5"])

    assert code == 0
    assert data["policy"] == "yuzhong-2021"


# --- Disagreements with POLICY-CLI.md, captured for the lead to fix ----------------------------------


def test_an_iso_week_date_is_refused_as_malformed():
    code, data = run(["contract-due", "--signed", "2026-W01-1"])

    assert code == 2
    assert "--signed" in data["error"]


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["contract-due", "--signed", "9999-12-28"], "--signed"),
        (["workdays", "--from", "9999-12-01", "--days", "30"], "--from"),
    ],
)
def test_a_date_too_close_to_the_end_of_time_is_bad_input_not_a_crash(govit, argv, option):
    answer = govit(*argv)

    assert answer.code == 2
    assert option in answer.data["error"]


def test_an_absurdly_long_amount_is_bad_input_not_a_crash(govit):
    answer = govit("classify", "--work", "new", "--amount", "9" * 27)

    assert answer.code == 2
    assert "--amount" in answer.data["error"]


def test_a_trial_start_too_late_to_add_two_months_names_the_option():
    code, data = run(["trial-ready", "--start", "9999-12-01"])

    assert code == 2
    assert "--start" in data["error"]


def test_a_zero_approved_software_total_names_the_option():
    code, data = run(["change", "--approved-software", "0", "--change", "1"])

    assert code == 2
    assert "--approved-software" in data["error"]


def test_a_year_without_a_deadline_names_the_option():
    code, data = run(["application-deadline", "--year", "0001"])

    assert code == 2
    assert "--year" in data["error"]
