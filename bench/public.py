"""信息公开 benchmark (issue 14 §3): the public list at N projects, cold and cached, and what a burst
of public traffic does to an official's page.

    .venv/bin/python bench/public.py [SIZES…]        (default: 1000 10000 100000)

For each size, in a process of its own, on a throw-away SQLite database under var/bench/: migrates,
`populate`s a district of N projects, the BDB publishes every column, then with the test client
(DEBUG off, the process's own cache):
- /public/ cold (the cache cleared before each of 5 requests) and cached (200 requests), median
  and p95, and the queries of each; the whole list as CSV, cold; JSON page 1, cold and cached;
- the BDB's 项目清单 (/projects/) alone, 20 requests, then again while two other processes (nginx's
  `limit_conn govit_public_conn 2` lets no more reach GovIT) ask /public/: as fast as they can
  (no nginx in front), then at CAPPED_RATE a second in all (what nginx's `govit_public_all` lets
  through): the official's median and p95 each way, and how many public answers were served.
"""

import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# nginx lets at most this many public requests a second reach GovIT (deploy/nginx/govit.conf,
# zone govit_public_all); its own cache answers the rest.
CAPPED_RATE = 100.0
BURST_SECONDS = 20.0


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # as served (no query log kept), the settings' checks of DEBUG=0 aside
    settings.ALLOWED_HOSTS = ["testserver"]


def _times(call, n: int) -> list[float]:
    found = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        found.append(time.perf_counter() - start)
    return found


def _figures(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"median": statistics.median(times) * 1000, "p95": times[int(0.95 * (len(times) - 1))] * 1000}


def _hammer(database_url: str, seconds: float, rate: float | None, counter) -> None:  # noqa: ANN001
    """Ask /public/ for `seconds`, as fast as it answers or at `rate` a second."""
    _setup(database_url)
    from django.test import Client

    client, done, deadline = Client(), 0, time.perf_counter() + seconds
    while (now := time.perf_counter()) < deadline:
        assert client.get("/public/").status_code == 200
        done += 1
        if rate:
            time.sleep(max(0.0, now + 1 / rate - time.perf_counter()))
    with counter.get_lock():
        counter.value += done


def measure(size: int, database_url: str) -> None:
    _setup(database_url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from govit.accounts.models import User
    from govit.projects.populate import populate
    from govit.public.models import Column
    from govit.public.services import public_columns_set

    call_command("migrate", verbosity=0)
    populate(projects=size, events=0, until=date(2026, 9, 15))
    public_columns_set(user=User.objects.get(username="bdb"), columns=list(Column.values))
    public = Client()
    figures: dict = {}

    def cold(path: str):
        def call():
            cache.clear()
            assert public.get(path).status_code == 200

        return call

    with CaptureQueriesContext(connection) as queries:
        cold("/public/")()
    figures["cold_queries"] = len(queries)
    figures["cold"] = _figures(_times(cold("/public/"), 5))
    with CaptureQueriesContext(connection) as queries:
        public.get("/public/")
    figures["cached_queries"] = len(queries)
    figures["cached"] = _figures(_times(lambda: public.get("/public/"), 200))
    figures["json_cold"] = _figures(_times(cold("/public/projects.json"), 5))
    figures["json_cached"] = _figures(_times(lambda: public.get("/public/projects.json"), 200))
    start = time.perf_counter()
    cache.clear()
    rows = public.get("/public/projects.csv").content.count(b"\n") - 1
    figures["csv"] = {"seconds": time.perf_counter() - start, "rows": rows}

    official = Client()
    official.force_login(User.objects.get(username="bdb"))
    official.get("/projects/")
    figures["official_alone"] = _figures(_times(lambda: official.get("/projects/"), 20))
    for name, rate in (("burst", None), ("capped", CAPPED_RATE / 2)):
        counter = multiprocessing.Value("i", 0)
        burst = [
            multiprocessing.Process(target=_hammer, args=(database_url, BURST_SECONDS, rate, counter))
            for _ in range(2)
        ]
        for process in burst:
            process.start()
        time.sleep(4)  # the two are up and answering from their caches
        figures[f"official_{name}"] = _figures(_times(lambda: official.get("/projects/"), 20))
        for process in burst:
            process.join()
        figures[f"public_{name}_per_s"] = counter.value / BURST_SECONDS
    print(json.dumps({"size": size, "figures": figures}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(int(sys.argv[2]), sys.argv[3])
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 100000]
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        path = folder / f"public-{size}.sqlite3"
        path.unlink(missing_ok=True)
        done = subprocess.run([sys.executable, __file__, "--measure", str(size), f"sqlite:///{path}"],
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            print(done.stderr[-3000:])
            raise SystemExit(done.returncode)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print("| projects | /public/ cold ms (queries) | cached ms (queries) | JSON cold / cached ms | CSV s (rows) "
          "| 项目清单 alone ms | 项目清单, public flat out ms (public/s) | 项目清单, public capped ms (public/s) |")  # fmt: skip
    print("|---:|---|---|---|---|---|---|---|")
    for r in rows:
        f = r["figures"]
        print(f"| {r['size']:,} | {f['cold']['median']:.0f} (p95 {f['cold']['p95']:.0f}; {f['cold_queries']}) "
              f"| {f['cached']['median']:.1f} (p95 {f['cached']['p95']:.1f}; {f['cached_queries']}) "
              f"| {f['json_cold']['median']:.0f} / {f['json_cached']['median']:.1f} "
              f"| {f['csv']['seconds']:.1f} ({f['csv']['rows']:,}) "
              f"| {f['official_alone']['median']:.0f} (p95 {f['official_alone']['p95']:.0f}) "
              f"| {f['official_burst']['median']:.0f} (p95 {f['official_burst']['p95']:.0f}; {f['public_burst_per_s']:.0f}/s) "
              f"| {f['official_capped']['median']:.0f} (p95 {f['official_capped']['p95']:.0f}; {f['public_capped_per_s']:.0f}/s) |")  # fmt: skip


if __name__ == "__main__":
    main()
