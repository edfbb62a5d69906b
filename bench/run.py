"""GovIT benchmark: prints figures, asserts nothing (timed tests are flaky; figures are read).

    make bench

Measures the policy engine, which every page and API call will lean on, and the CLI's start-up.
"""

import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from govit import policy


def _per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for i in range(repeat):
        fn(i)
    return (time.perf_counter() - start) / repeat


def main() -> None:
    calendar = policy.WorkCalendar.official()
    cases = {
        "route (construction, 1200万)": lambda i: policy.route(
            category="construction", amount=Decimal(12_000_000 + i), new=True
        ),
        "classify (upgrade)": lambda i: policy.classify(work="upgrade", amount=Decimal(199_000 + i)),
        "contract_due (7 working days)": lambda i: policy.contract_due(
            signed=date(2025, 1, 1) + timedelta(days=i % 700), calendar=calendar
        ),
        "change_check (5 changes)": lambda i: policy.change_check(
            approved_software=Decimal("3000000.00"), changes=[Decimal(i), Decimal(50_000)] * 2 + [Decimal(1)]
        ),
        "trial_ready": lambda i: policy.trial_ready(start=date(2025, 1, 1) + timedelta(days=i % 700)),
    }
    print("policy engine, in process (mean of 20,000 calls):")
    for name, fn in cases.items():
        seconds = _per_call(fn, 20_000)
        print(f"  {name:34s} {seconds * 1e6:8.1f} µs/call")

    start = time.perf_counter()
    policy.WorkCalendar.official()
    print(f"  {'WorkCalendar.official() build':34s} {(time.perf_counter() - start) * 1e3:8.1f} ms")

    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "govit", "policy", "route", "--category", "service", "--amount", "300万"],
            check=True,
            capture_output=True,
        )
        runs.append(time.perf_counter() - start)
    print(f"`govit policy route` as a process: median {statistics.median(runs) * 1e3:.0f} ms over 5 runs")


if __name__ == "__main__":
    main()
