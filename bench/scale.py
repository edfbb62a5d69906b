"""GovIT at scale: the pages of issue 11 timed at growing sizes on SQLite and PostgreSQL, beside
their targets, with the plan of each list's main query.

    make bench                                   # 1k, 10k and 100k projects, both databases
    GOVIT_BENCH_SIZES=1000,10000 python bench/scale.py
    GOVIT_BENCH_DATABASES=sqlite GOVIT_BENCH_REPEAT=5 python bench/scale.py

For each database (PostgreSQL only when it answers at GOVIT_BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432/postgres) and size:
1. a throw-away database: SQLite migrated once into a template file and copied; PostgreSQL
   migrated once into a template database and created from it; dropped at the end;
2. `govit manage populate --projects N --events 10N` (seed 1), then two delivered projects given
   100 and 10,000 events of their own (populate.pad_events);
3. each page requested once to warm up (and what is loaded frozen out of the garbage collector's
   walks, as a `govit serve` worker does), then GOVIT_BENCH_REPEAT (10) times: median and p95; once
   more inside CaptureQueriesContext for the number of queries and the slowest SELECT, whose plan
   (EXPLAIN QUERY PLAN / EXPLAIN) is written to var/bench/explain-<db>-<size>.txt.
Each size runs in its own process (Django binds one database per process), with DEBUG off and the
production static storage, as a server would run. The table goes to stdout and var/bench/scale-<databases>.md.

GOVIT_BENCH_KEEP=1 keeps each populated database (SQLite under var/bench/cache/, PostgreSQL as the
database govit_bench_cache_<size>) and reuses it, migrated, on the next run (populating 100,000
projects takes minutes); delete the folder after changing populate.
Nothing here optimises a page: it measures them as they are.
"""

import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"
CACHE = OUT / "cache"
SEED = 1
PADDED = (100, 10_000)
TARGET_P95_MS = 100.0

# (key, label, who, url; {deep} is the API's deep page, {after} the cursor that reaches the same page,
# {p100}/{p10k} the padded projects, whose pages (概况与办理, 建设, 资金, 运维) are each measured)
PAGES = (
    ("list", "项目清单 /projects/", "bdb", "/projects/"),
    ("admin", "Django admin 项目 changelist", "root", "/admin/projects/project/"),
    ("todo", "待办 /todo/", "bdb", "/todo/"),
    ("funds", "资金台账 /funds/", "finance", "/funds/"),
    ("library", "已建项目库 /library/", "bdb", "/library/"),
    ("api1", "API 项目清单 第1页", "api", "/api/v1/projects?page=1"),
    ("apideep", "API 项目清单 深页", "api", "/api/v1/projects?page={deep}"),
    ("apicursor", "API 项目清单 深页（游标）", "api", "/api/v1/projects?{after}"),
    ("p100", "项目页（自身 100 条记录）", "unit100", "/projects/{p100}/"),
    ("p10k", "项目页（自身 10,000 条记录）", "unit10k", "/projects/{p10k}/"),
    ("p100c", "项目页·建设", "unit100", "/projects/{p100}/construction/"),
    ("p100f", "项目页·资金", "unit100", "/projects/{p100}/funds/"),
    ("p100o", "项目页·运维", "unit100", "/projects/{p100}/operation/"),
    ("done", "已办 /done/", "bdb", "/done/"),
)
LISTS = ("list", "admin", "todo", "funds", "library", "api1", "apideep", "apicursor", "done")


def _env(url: str, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": url, "DEBUG": "0", "HTTPS": "0", "SECRET_KEY": "bench-" + "k" * 50,
        "GOVIT_AUDIT_KEY": "bench-audit-key-" + "a" * 32, "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STATIC_ROOT": str(OUT / "static"), "MEDIA_ROOT": str(work / "media"),
        "GOVIT_AUDIT_CHECKPOINT_DIR": str(work / "audit"), "GOVIT_BACKUP_DIR": str(work / "backups"),
        "GOVIT_SESSION_IDLE_MINUTES": "0", "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "govit.settings",
    })  # fmt: skip
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "govit", "manage", *args], env=env, check=True, cwd=ROOT)


# --- the parent: databases, sizes, the table -----------------------------------------------------
def _postgres_base() -> str | None:
    base = os.environ.get("GOVIT_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        import psycopg

        with psycopg.connect(base, connect_timeout=3):
            return base
    except Exception:  # noqa: BLE001 - any failure means: skip PostgreSQL
        return None


def _pg(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(sql)


def _pg_exists(base: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(base) as connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def main() -> None:
    sizes = [int(x) for x in os.environ.get("GOVIT_BENCH_SIZES", "1000,10000,100000").split(",") if x.strip()]
    databases = os.environ.get("GOVIT_BENCH_DATABASES", "sqlite,postgres").split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=OUT))
    keep = os.environ.get("GOVIT_BENCH_KEEP") == "1"
    results: dict[str, dict[int, dict]] = {}
    try:
        for database in databases:
            results[database] = {}
            if database == "sqlite":
                template = work / "template.sqlite3"
                env = _env(f"sqlite:///{template}", work)
                _manage(env, "migrate", "--noinput", "-v", "0")
                if not (OUT / "static" / "staticfiles.json").exists():
                    _manage(env, "collectstatic", "--noinput", "-v", "0")
                for size in sizes:
                    db = work / f"sqlite-{size}.sqlite3"
                    cached = CACHE / f"sqlite-{size}.sqlite3"
                    sidecar = work / f"sqlite-{size}.json"
                    if keep and cached.exists():
                        shutil.copyfile(cached, db)
                        shutil.copyfile(cached.with_suffix(".json"), sidecar)
                        _manage(_env(f"sqlite:///{db}", work), "migrate", "--noinput", "-v", "0")
                    else:
                        shutil.copyfile(template, db)
                    results[database][size] = _child(database, size, f"sqlite:///{db}", work, sidecar)
                    if keep and not cached.exists():
                        CACHE.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(db, cached)
                        shutil.copyfile(sidecar, cached.with_suffix(".json"))
                    db.unlink()
            elif database == "postgres":
                base = _postgres_base()
                if base is None:
                    print("PostgreSQL does not answer: skipped.")
                    continue
                tag = f"govit_bench_{os.getpid()}"
                root = base.rsplit("/", 1)[0]
                _pg(base, f"CREATE DATABASE {tag}_template")
                try:
                    env = _env(f"{root}/{tag}_template", work)
                    _manage(env, "migrate", "--noinput", "-v", "0")
                    if not (OUT / "static" / "staticfiles.json").exists():
                        _manage(env, "collectstatic", "--noinput", "-v", "0")
                    for size in sizes:
                        name, cache = f"{tag}_{size}", f"govit_bench_cache_{size}"
                        sidecar, cached = work / f"postgres-{size}.json", CACHE / f"postgres-{size}.json"
                        reuse = keep and cached.exists() and _pg_exists(base, cache)
                        _pg(base, f"CREATE DATABASE {name} TEMPLATE {cache if reuse else tag + '_template'}")
                        try:
                            if reuse:
                                shutil.copyfile(cached, sidecar)
                                _manage(_env(f"{root}/{name}", work), "migrate", "--noinput", "-v", "0")
                            url = f"{root}/{name}"
                            results[database][size] = _child(database, size, url, work, sidecar)
                            if keep and not reuse:
                                CACHE.mkdir(parents=True, exist_ok=True)
                                _pg(base, f"DROP DATABASE IF EXISTS {cache} WITH (FORCE)")
                                _pg(base, f"CREATE DATABASE {cache} TEMPLATE {name}")
                                shutil.copyfile(sidecar, cached)
                        finally:
                            _pg(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                finally:
                    _pg(base, f"DROP DATABASE IF EXISTS {tag}_template WITH (FORCE)")
        table = _table(results)
        print(table)
        tag = "-".join(databases)
        (OUT / f"scale-{tag}.md").write_text(table + "\n", encoding="utf-8")
        (OUT / f"scale-{tag}.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _child(database: str, size: int, url: str, work: Path, sidecar: Path) -> dict:
    out = work / f"{database}-{size}-result.json"
    print(f"[{database} {size:,}] populating and measuring…", flush=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--one", database, str(size), str(out)],
        env={**_env(url, work), "GOVIT_BENCH_SIDECAR": str(sidecar)}, check=True, cwd=ROOT,
    )  # fmt: skip
    result = json.loads(out.read_text(encoding="utf-8"))
    print(
        f"[{database} {size:,}] done in {time.perf_counter() - start:.0f} s (populate {result['populate_s']:.0f} s)"
    )
    return result


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _table(results: dict[str, dict[int, dict]]) -> str:
    lines = []
    for database, by_size in results.items():
        if not by_size:
            continue
        sizes = sorted(by_size)
        smallest = by_size[sizes[0]]
        lines += [
            "", f"### {database}", "",
            "| projects | populate | page | median ms | p95 ms | queries | p95 ≤ 100 ms | ≤ 2× at "
            f"{sizes[0]:,} | queries fixed | page's own target |",
            "|---:|---:|---|---:|---:|---:|---|---|---|---|",
        ]  # fmt: skip
        for size in sizes:
            result = by_size[size]
            pages = result["pages"]
            for key, label, *_ in PAGES:
                page = pages[key]
                base = smallest["pages"][key]
                ratio = page["median_ms"] / base["median_ms"] if base["median_ms"] else 0
                own = ""
                if key == "list":
                    share = page["median_ms"] / pages["admin"]["median_ms"]
                    own = f"≤ 0.5× admin: {share:.2f}× {_verdict(share <= 0.5)}"
                elif key in ("apideep", "apicursor"):
                    share = page["median_ms"] / pages["api1"]["median_ms"]
                    own = f"≤ 1.5× page 1 (page {result['deep']}): {share:.2f}× {_verdict(share <= 1.5)}"
                elif key == "p10k":
                    share = page["median_ms"] / pages["p100"]["median_ms"]
                    own = f"≤ 1.1× the 100-event page: {share:.2f}× {_verdict(share <= 1.1)}"
                elif key.startswith("p100"):  # each of the delivered project's pages
                    own = f"≤ 15 queries: {_verdict(page['queries'] <= 15)}"
                lines.append(
                    f"| {size:,} | {result['populate_s']:.0f} s | {label} | {page['median_ms']:.0f} | "
                    f"{page['p95_ms']:.0f} | {page['queries']} | {_verdict(page['p95_ms'] <= TARGET_P95_MS)} | "
                    f"{ratio:.1f}× {_verdict(ratio <= 2)} | {_verdict(page['queries'] == base['queries'])} | {own} |"
                )
    return "\n".join(lines)


# --- the child: one database, one size -----------------------------------------------------------
def one(database: str, size: int, out: Path) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from govit import clock
    from govit.accounts.models import User
    from govit.api.tokens import token_issue
    from govit.projects.models import Project
    from govit.projects.populate import pad_events, populate

    sidecar = Path(os.environ["GOVIT_BENCH_SIDECAR"])
    populate_s = 0.0
    if sidecar.exists():
        padded = json.loads(sidecar.read_text())
        populate_s = padded.pop("populate_s")
    else:
        start = time.perf_counter()
        populate(projects=size, events=10 * size, seed=SEED, until=clock.today())
        populate_s = time.perf_counter() - start
        delivered = Project.objects.filter(state="delivered").order_by("pk").values_list("pk", flat=True)[:2]
        padded = {}
        for pk, count in zip(delivered, PADDED, strict=True):
            project = Project.objects.get(pk=pk)
            pad_events(project, count - project.events.count(), until=clock.now())
            padded[str(count)] = pk
        sidecar.write_text(json.dumps({**padded, "populate_s": populate_s}))
    if connection.vendor == "postgresql":  # as autovacuum keeps a server's: statistics, visibility map
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    bdb = User.objects.get(username="bdb")
    root = User.objects.filter(username="bench_root").first() or User.objects.create_superuser(
        "bench_root", "bench-root-password-1", name="基准测试"
    )
    User.objects.filter(pk=root.pk).update(must_change_password=False)
    clients = {}
    for who, user in (("bdb", bdb), ("finance", User.objects.get(username="finance")), ("root", root)):
        clients[who] = _signed_in(user)
    for who, count in (("unit100", 100), ("unit10k", 10_000)):
        project = Project.objects.get(pk=padded[str(count)])
        clients[who] = _signed_in(project.created_by)
    clients["api"] = Client(
        HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token_issue(user=bdb, name='bench')}"
    )
    visible = Project.objects.visible_to(bdb).count()
    deep = max(1, min(2000, (visible + 19) // 20))
    values = {
        "deep": deep,
        "after": _cursor_before(bdb, deep),
        "p100": padded["100"],
        "p10k": padded["10000"],
    }
    repeat = int(os.environ.get("GOVIT_BENCH_REPEAT", "10"))
    pages, plans, shown = {}, [], {}
    for key, label, who, url in PAGES:
        url = url.format(**values)
        client = clients[who]
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{label} {url}: {response.status_code}")
        if key in ("apideep", "apicursor"):  # the same page, reached by number and by cursor
            shown[key] = [row["id"] for row in response.json()["items"]]
            if len(shown) == 2 and shown["apideep"] != shown["apicursor"]:
                raise SystemExit(f"{label} {url}: not the rows of page {deep}")
        gc.freeze()  # as `govit serve` does once a worker has loaded what it serves (serve.py)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        times.sort()
        pages[key] = {
            "median_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "queries": len(captured.captured_queries),
        }
        if key in LISTS:
            plans.append(_plan(connection, label, url, captured.captured_queries))
    (OUT / f"explain-{database}-{size}.txt").write_text("\n".join(plans), encoding="utf-8")
    out.write_text(json.dumps({"pages": pages, "deep": deep, "populate_s": populate_s, "projects": size}))


def _cursor_before(user, page: int, size: int = 20) -> str:
    """The query that reaches page `page` of the API's list by cursor: `after` the key of the row just
    before it, read once here (by OFFSET, outside the timing); page 1 needs none."""
    from govit.projects import selectors
    from govit.projects.cursor import ListKey

    if page == 1:
        return "page=1"
    pk, year, code = selectors.project_list(user=user).values_list("pk", "year", "list_code")[
        (page - 1) * size - 1
    ]
    return "after=" + ListKey(year=year, code=code, id=pk).encode()


def _signed_in(user):
    """A client signed in as `user`; an administrator also past the second factor (as the tests do)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if user.is_administrator:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="基准测试", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _plan(connection, label: str, url: str, queries: list[dict]) -> str:
    """The plan of the request's slowest SELECT (its main query), as the database explains it."""
    selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    if not selects:
        return f"== {label} {url}: no SELECT\n"
    main = max(selects, key=lambda q: (float(q["time"]), len(q["sql"])))
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    try:
        with connection.cursor() as cursor:
            cursor.execute(explain + main["sql"])
            rows = [" | ".join(str(c) for c in row) for row in cursor.fetchall()]
    except Exception as error:  # noqa: BLE001 - a query whose logged text cannot be replayed
        rows = [f"(not explained: {error})"]
    return f"== {label} {url} ({float(main['time']) * 1000:.0f} ms)\n{main['sql']}\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
