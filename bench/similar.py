"""GovIT duplicate-check benchmark (issue 13): the ten projects most like one, among N.

    .venv/bin/python bench/similar.py [SIZES…]        (default: 1000 10000 100000)

For each size, in a process of its own, on a throw-away SQLite database under var/bench/: migrates,
`populate`s a district of N projects (which fills the similarity index, as `similar_rebuild`
does; its rebuild is timed on its own), then adds the labelled applications of
tests/similar/cases.toml through the real services (the index kept current as they are written),
and times `similar_to` for the BDB (every project in scope) and for a unit: 24 queries each,
projects of the district and of the labelled set. Prints the median and p95 against the issue's
target, 200 ms for the ten best among 100,000, with PASS or FAIL, and the main query's plan.
With GOVIT_BENCH_KEEP=1 each size's database is kept under var/bench/cache/ and reused, as it is,
by the next run (no populate, no rebuild: their columns are then empty).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.200
QUERIES = 24


def measure(size: int, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tests.similar import quality

    from govit.accounts.models import User
    from govit.projects import services
    from govit.projects.models import Project
    from govit.projects.populate import populate
    from govit.similar import index, selectors

    call_command("migrate", verbosity=0)
    populated = rebuilt = None
    if not Project.objects.exists():
        started = time.perf_counter()
        populate(projects=size, events=0, until=date(2026, 9, 15))
        populated = time.perf_counter() - started
        started = time.perf_counter()
        index.rebuild()
        rebuilt = time.perf_counter() - started
    unit = User.objects.get(username="jiaowei_unit")
    labelled = []
    for case in quality.load()[:40]:
        if found := Project.objects.filter(unit=unit.organisation, name=case.name).first():
            labelled.append(found)  # a kept database's, from the run before
            continue
        application = services.Application(
            name=case.name, summary=case.content, reason=case.reason, expected_effect="", amount="80万",
            leader_name="陈建国", leader_phone="13800138000", contact_name="王晓燕", contact_phone="13900139000",
            funding_source="区级财政资金", progress="方案论证", filler_name="王晓燕", filler_phone="13900139000",
            work_type="upgrade", fiscal_funding=True, it_system=True, excluded_purchase="none",
        )  # fmt: skip
        labelled.append(services.project_create(user=unit, application=application))
    bdb = User.objects.get(username="bdb")
    district = list(Project.objects.filter(submitted_at__isnull=False).order_by("?")[: QUERIES // 2])
    figures = {}
    for who, person in (("bdb", bdb), ("unit", unit)):
        times = []
        for project in district + labelled[: QUERIES - len(district)]:
            start = time.perf_counter()
            selectors.similar_to(project, person)
            times.append(time.perf_counter() - start)
        times.sort()
        figures[who] = {"median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}
    sample = next(p for p in district if selectors._idfs(selectors.query_weights(p)))
    idfs = selectors._idfs(selectors.query_weights(sample))
    query = selectors._best_query(idfs, Project.objects.visible_to(bdb), sample.pk, 10)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    postings = selectors.Posting.objects.count()
    print(json.dumps({"size": size, "populate": populated, "rebuild": rebuilt, "postings": postings,
                      "terms": len(idfs), "figures": figures, "plan": plan}, ensure_ascii=False))  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(int(sys.argv[2]), sys.argv[3])
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 100000]
    keep = os.environ.get("GOVIT_BENCH_KEEP") == "1"
    folder = ROOT / "var" / "bench" / ("cache" if keep else "")
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        path = folder / f"similar-{size}.sqlite3"
        if not keep:
            path.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, __file__, "--measure", str(size), f"sqlite:///{path}"],
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            print(done.stderr[-3000:])
            raise SystemExit(done.returncode)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if not keep:
            path.unlink(missing_ok=True)
    print(
        "| projects | postings | rebuild s | BDB median ms | BDB p95 ms | unit median ms | unit p95 ms | ≤ 200 ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        f = r["figures"]
        worst = max(f["bdb"]["p95"], f["unit"]["p95"])
        verdict = "PASS" if worst <= TARGET else "FAIL"
        rebuild = "—" if r["rebuild"] is None else f"{r['rebuild']:.1f}"
        print(f"| {r['size']:,} | {r['postings']:,} | {rebuild} | {f['bdb']['median'] * 1000:.1f} | "
              f"{f['bdb']['p95'] * 1000:.1f} | {f['unit']['median'] * 1000:.1f} | {f['unit']['p95'] * 1000:.1f} | {verdict} |")  # fmt: skip
    print("\nThe main query's plan (the largest district, a district project's terms, the BDB's scope):")
    print("\n".join(rows[-1]["plan"]))


if __name__ == "__main__":
    main()
