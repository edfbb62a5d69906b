"""`govit policy …`: the Rules on the command line, as ../shared/spec/POLICY-CLI.md fixes it.

Each command prints one JSON object and exits 0; bad input prints {"error": "..."} naming the
option and exits 2 — never a traceback. A thin shell over `govit.policy.rules`.
"""

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from govit.policy import rules
from govit.policy.dates import WorkCalendar, load_schedules
from govit.policy.money import AmountError, parse_amount
from govit.policy.versions import available_policies, load_policy, policy_in_force


class InputError(Exception):
    """Bad input: reported as {"error": ...} with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(message)


def _amount(text: str) -> Decimal:
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


# The years GovIT answers for: wide enough for any project, narrow enough that no date
# arithmetic of the Rules (a few years at most) leaves the calendar.
FIRST_YEAR, LAST_YEAR = 1950, 2999
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"无效日期 {text!r}，应为 YYYY-MM-DD")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"日期 {text} 超出支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）")
    return day


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"无效年度 {text!r}，应为 {FIRST_YEAR}–{LAST_YEAR} 的四位数字")
    return int(text)


def _positive_amount(text: str) -> Decimal:
    amount = _amount(text)
    if amount <= 0:
        raise argparse.ArgumentTypeError(f"金额必须大于 0：{text}")
    return amount


def _days(text: str) -> int:
    if not re.fullmatch(r"[0-9]+", text) or int(text) > 10_000:
        raise argparse.ArgumentTypeError(f"无效工作日数 {text!r}，应为 0 到 10000 的整数")
    return int(text)


# `--calendar db`: the schedules the BDB keeps in GovIT's database, as the web app counts them.
DATABASE_CALENDAR = "db"


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    # The BDB's own holiday data (a year the package does not know yet) comes from a TOML file,
    # or from the database the web app uses; without either, the package's years alone.
    path = args.calendar or os.environ.get("GOVIT_CALENDAR")
    if not path:
        return WorkCalendar.official()
    if path == DATABASE_CALENDAR:
        return _database_calendar()
    try:
        return WorkCalendar.official(load_schedules(path))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"--calendar: 无法读取节假日数据 {path}: {exc}") from exc


def _database_calendar() -> WorkCalendar:
    # Only here does `govit policy` set Django up: the same service the pages and reminders use.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    try:
        import django

        django.setup()
        from govit.holidays.services import work_calendar

        return work_calendar()
    except Exception as exc:  # no settings, no database, not migrated: a clear error, exit 2
        raise InputError(f"--calendar db: 无法读取数据库中的节假日安排: {exc}") from exc


def _classify(args: argparse.Namespace) -> dict[str, Any]:
    answer = rules.classify(
        work=args.work, amount=args.amount, changes_function=args.changes_function, policy=args.policy
    )
    return rules.as_json(answer)


def _route(args: argparse.Namespace) -> dict[str, Any]:
    answer = rules.route(
        category=args.category,
        amount=args.amount,
        new=args.new,
        urgent=args.urgent,
        civil_works=args.civil_works,
        high_energy=args.high_energy,
        needs_procurement=args.needs_procurement,
        policy=args.policy,
    )
    return rules.as_json(answer)


def _contract_due(args: argparse.Namespace) -> dict[str, Any]:
    return rules.as_json(rules.contract_due(signed=args.signed, calendar=_calendar(args), policy=args.policy))


def _workdays(args: argparse.Namespace) -> dict[str, Any]:
    count = _calendar(args).add_working_days(args.start, args.days)
    return {
        "from": count.start.isoformat(),
        "days": count.days,
        "due": count.due.isoformat(),
        "provisional": count.provisional,
    }


def _trial_ready(args: argparse.Namespace) -> dict[str, Any]:
    return rules.as_json(rules.trial_ready(start=args.start, policy=args.policy))


def _change(args: argparse.Namespace) -> dict[str, Any]:
    answer = rules.change_check(
        approved_software=args.approved_software, changes=args.change, policy=args.policy
    )
    return rules.as_json(answer)


def _application_deadline(args: argparse.Namespace) -> dict[str, Any]:
    return rules.as_json(
        rules.application_deadline(year=args.year, submitted=args.submitted, policy=args.policy)
    )


def _scope(args: argparse.Namespace) -> dict[str, Any]:
    answer = rules.scope(
        fiscal_funding=not args.no_fiscal_funding,
        it_system=not args.not_it_system,
        excluded_purchase=args.purchase,
        policy=args.policy,
    )
    return rules.as_json(answer)


def _funding(args: argparse.Namespace) -> dict[str, Any]:
    return rules.as_json(rules.funding_channel(category=args.category, policy=args.policy))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="govit policy", description="渝中区政务信息化项目管理细则的规则引擎")
    parser.add_argument("--policy-id", help="政策版本（默认：今天施行的版本）")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(
        name: str, handler: Callable[[argparse.Namespace], dict[str, Any]], help_: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("classify", _classify, "项目类别（第三条）")
    sub.add_argument("--work", required=True, choices=rules.WORK_TYPES)
    sub.add_argument("--amount", required=True, type=_amount)
    sub.add_argument("--changes-function", action="store_true")

    sub = command("route", _route, "审批路径（第九至十五条、第十八条）")
    sub.add_argument("--category", required=True, choices=rules.CATEGORIES)
    sub.add_argument("--amount", required=True, type=_amount)
    for flag in ("--new", "--civil-works", "--high-energy", "--needs-procurement", "--urgent"):
        sub.add_argument(flag, action="store_true")

    for name, handler, help_ in (
        ("contract-due", _contract_due, "合同备案截止日（第十六条）"),
        ("workdays", _workdays, "第 N 个工作日"),
    ):
        sub = command(name, handler, help_)
        if name == "contract-due":
            sub.add_argument("--signed", required=True, type=_date)
        else:
            sub.add_argument("--from", dest="start", required=True, type=_date)
            sub.add_argument("--days", required=True, type=_days)
        sub.add_argument(
            "--calendar",
            help="区大数据发展局维护的节假日数据：TOML 文件，或 db（平台数据库中的安排）；也可用环境变量 GOVIT_CALENDAR",
        )

    sub = command("trial-ready", _trial_ready, "可申请合规性审查之日（第二十三条）")
    sub.add_argument("--start", required=True, type=_date)

    sub = command("change", _change, "变更是否需重新审批（第二十一条）")
    sub.add_argument("--approved-software", required=True, type=_positive_amount)
    sub.add_argument("--change", required=True, type=_amount, action="append")

    sub = command("application-deadline", _application_deadline, "年度申报截止日（第九条）")
    sub.add_argument("--year", required=True, type=_year)
    sub.add_argument("--submitted", type=_date)

    sub = command("scope", _scope, "是否属于政务信息化项目（第二条）")
    sub.add_argument("--no-fiscal-funding", action="store_true", help="未使用区级及以上财政资金")
    sub.add_argument("--not-it-system", action="store_true", help="不是信息化系统")
    sub.add_argument(
        "--purchase",
        choices=sorted({code for p in available_policies() for code in p.excluded_purchases}),
        help="第二条排除的购置类型",
    )

    sub = command("funding", _funding, "资金渠道（第十条）")
    sub.add_argument("--category", required=True, choices=rules.CATEGORIES)
    return parser


def run(argv: list[str]) -> tuple[int, dict[str, Any]]:
    """Parse and answer; returns (exit code, JSON object). Kept apart from printing for tests."""
    try:
        args = build_parser().parse_args(argv)
        try:
            # Without --policy-id, the version in force today answers (第二十九条: from its issue).
            args.policy = load_policy(args.policy_id) if args.policy_id else policy_in_force(date.today())
        except KeyError as exc:
            raise InputError(f"--policy-id: {exc.args[0]}") from exc
        return 0, args.handler(args)
    except InputError as exc:
        return 2, {"error": str(exc)}
    except rules.PolicyError as exc:
        return 2, {"error": str(exc), "article": exc.article}
    except ValueError as exc:
        return 2, {"error": str(exc)}


def main(argv: list[str] | None = None) -> int:
    code, answer = run(sys.argv[1:] if argv is None else argv)
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8") + b"\n")
    sys.stdout.flush()
    return code
