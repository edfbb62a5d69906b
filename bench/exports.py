"""GovIT export benchmark (issue 11, "exports stream"): the project list as .xlsx at growing sizes.

    .venv/bin/python bench/exports.py [SIZES…]        (default: 10000 100000)
    .venv/bin/python bench/exports.py --before 10000  (also the workbook as main wrote it, ≤ 10,000)

On a throw-away SQLite database under var/: migrates, loads the demo district, adds projects by
bulk insert, then downloads /projects/export.xlsx as the BDB through the whole middleware stack,
reading the streamed body as a client would, in a process of its own (warmed up by one request
that finds nothing). For each size it prints the time to the first byte and to the last, the
file's size, that process's resident memory before the download and its peak (VmHWM) after it,
and in a second download Python's own peak allocation (tracemalloc, which slows the run: its time
is not the figure). The workbook is checked: every project is a row.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def _high_water() -> int:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def _download(client, url: str, *, trace: bool = False, keep=None) -> dict:
    """One download, its body read piece by piece as a client does (written to `keep`, a file,
    if given: never held in memory, which would be the bench's own growth)."""
    if trace:
        tracemalloc.start()
    before = _rss()
    peak = before
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    first, size = None, 0
    for piece in response.streaming_content:
        if piece and first is None:
            first = time.perf_counter() - start
        size += len(piece)
        if keep is not None:
            keep.write(piece)
        peak = max(peak, _rss())
    total = time.perf_counter() - start
    figures = {"first": first, "total": total, "bytes": size, "rss": peak - before, "peak": peak}
    if trace:
        figures["traced"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return figures


def measure(database_url: str) -> None:
    """In a process of its own (so that the inserts' memory is not counted): warm up on a search
    that finds nothing, then download the whole list; print the figures as JSON."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    import django

    django.setup()
    from django.test import Client
    from openpyxl import load_workbook

    from govit.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bdb"))
    _download(client, "/projects/export.xlsx?q=无此项目")  # imports, templates, the rules: once per process
    base = _rss()
    with tempfile.TemporaryFile() as body:
        run = _download(client, "/projects/export.xlsx", keep=body)
        high = _high_water()
        body.seek(0)
        sheet = load_workbook(body, read_only=True).active
        rows = sum(1 for row in sheet.iter_rows(min_row=3, values_only=True) if str(row[0]).isdigit())
    traced = _download(client, "/projects/export.xlsx", trace=True)["traced"]
    print(json.dumps({**run, "base": base, "high": high, "rows": rows, "traced": traced}))


def _populate(made: int, size: int, units, creator) -> None:
    from govit.projects.models import Project

    categories = ["construction", "service", "om"]
    Project.objects.bulk_create(
        (
            Project(
                unit=units[i % len(units)],
                name=f"基准项目{i}：渝中区智慧政务平台第{i % 97}期建设",
                leader_name="张三",
                leader_phone="13800138000",
                contact_name="李四",
                contact_phone="13800138001",
                category=categories[i % 3],
                reason="r",
                summary="s",
                expected_effect="e",
                amount=Decimal(1_000_000 + i),
                funding_source="区级财政",
                funding_channel="district_investment",
                progress="p",
                filler_name="王五",
                filler_phone="13800138002",
                form_date="2026-09-01",
                year=2027,
                work_type="continuation" if i % 2 else "new",
                path="combined",
                policy_id="yuzhong-2021",
                state="list_review",
                submitted_at="2026-09-20T10:00:00+08:00",
                list_code=f"YZ-2027-{i:06d}",
                created_by=creator,
            )  # fmt: skip
            for i in range(made, size)
        ),
        batch_size=2000,
    )


def _before(projects, year, classified) -> bytes:
    """The list as main wrote it: the whole workbook in memory, then sent (for the comparison)."""
    import types

    source = subprocess.run(
        ["git", "show", "main:src/govit/documents/xlsx.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("govit_xlsx_before")
    exec(compile(source, "main:xlsx.py", "exec"), module.__dict__)  # noqa: S102 (our own file, from git)
    return module.list_xlsx(projects, year=year, classified=classified)


def main(sizes: list[int], before: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-exports-", dir=ROOT / "var"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from govit.accounts.models import Organisation, User
    from govit.projects import selectors

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-projects", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    bdb = User.objects.get(username="bdb")
    units = list(Organisation.objects.filter(kind__in=["department", "street"]))
    creator = User.objects.get(username="jiaowei_unit")
    made = 0
    print(
        f"{'projects':>9} {'first byte':>11} {'whole file':>11} {'file':>9} {'RSS before':>9} {'RSS peak':>9}"
        f" {'traced peak':>12}"
    )
    for size in sizes:
        start = time.perf_counter()
        _populate(made, size, units, creator)
        made = size
        print(f"{'':>9} (inserted in {time.perf_counter() - start:.0f} s)", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--measure", os.environ["DATABASE_URL"]],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        run = json.loads(done.stdout.strip().splitlines()[-1])
        assert run["rows"] == size, (run["rows"], size)
        print(
            f"{size:>9} {run['first'] * 1000:>9.0f}ms {run['total']:>10.2f}s {run['bytes'] / 2**20:>7.1f}MB"
            f" {run['base'] / 2**20:>7.1f}MB {run['high'] / 2**20:>7.1f}MB {run['traced'] / 2**20:>10.1f}MB"
        )
        if before and size <= 10_000:  # main took 81 s at 100,000
            projects = selectors.project_list(user=bdb, filters={"year": None})
            tracemalloc.start()
            start = time.perf_counter()
            content = _before(projects, None, 0)
            took = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{size:>9} {'main, before':>11} {took:>10.2f}s {len(content) / 2**20:>7.1f}MB"
                  f" {'':>9} {'':>9} {peak / 2**20:>10.1f}MB  (time with tracemalloc on)")  # fmt: skip


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--measure"]:
        measure(args[1])
        sys.exit()
    before = "--before" in args
    main([int(x) for x in args if x != "--before"] or [10_000, 100_000], before)
