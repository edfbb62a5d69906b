"""Serving figures of issue 11: two application servers (two `govit serve` instances, real
gunicorn) on one populated PostgreSQL database, driven over HTTP by concurrent clients.

    make bench                                         # after bench/scale.py
    GOVIT_BENCH_SERVING_SIZE=1000 python bench/serving.py

1. The database: a clone of the populated `govit_bench_cache_<size>` bench/scale.py keeps (or of
   this script's own `govit_bench_serving_cache_<size>`), migrated; when neither exists, a fresh
   database filled by `govit manage populate --projects N --events 10N` (kept as the latter with
   GOVIT_BENCH_KEEP=1). The clone is dropped at the end.
2. Two servers on two ports, GOVIT_BENCH_SERVING_WORKERS (2) sync workers each, DEBUG off, with a
   settings override whose URLconf (bench/serving_urls.py) adds a bare view to GovIT's own.
3. A workflow action with its audit event: GOVIT_BENCH_SERVING_ACTIONS (1,000) drafts are made
   through the API, then submitted (`POST /api/v1/projects/{id}/actions/submit`, the unit's first
   forward step) by GOVIT_BENCH_SERVING_CLIENTS concurrent clients (one per worker), the projects
   alternating between the servers: p95 and actions per second. Every answer must be 200, and
   each submission must have its project event and its audit row.
4. `GET /api/v1/projects` (page 1, as the BDB) against the bare view, each for
   GOVIT_BENCH_SERVING_SECONDS (10) in two rounds, by the same clients: requests per second.

The load generator is asyncio in this one process (one connection per request, as gunicorn's
sync workers close each); it shares the two cores with the servers, and the CPU it used is printed
beside the figures. The table goes to stdout and var/bench/serving.md.
"""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import OUT, ROOT, _env, _manage, _pg, _pg_exists, _postgres_base

SIZE = int(os.environ.get("GOVIT_BENCH_SERVING_SIZE", "10000"))
WORKERS = int(os.environ.get("GOVIT_BENCH_SERVING_WORKERS", "2"))
CLIENTS = int(os.environ.get("GOVIT_BENCH_SERVING_CLIENTS", str(2 * WORKERS)))
ACTIONS = int(os.environ.get("GOVIT_BENCH_SERVING_ACTIONS", "1000"))
SECONDS = float(os.environ.get("GOVIT_BENCH_SERVING_SECONDS", "10"))
WARM = 40
# The bare view bench/serving_urls.py adds beside GovIT's own URLs.
BARE_PATH = "/bench/bare"
PASSWORD = "GovIT-Demo-2026"
UNITS = ("jiaowei_unit", "jfb_unit")
TARGET_P95_MS, TARGET_RATE, TARGET_SHARE = 50.0, 100.0, 0.30
SETTINGS = 'from govit.settings import *  # noqa: F403\n\nROOT_URLCONF = "serving_urls"\n'
DRAFT = {
    "name": "渝中区政务数据共享平台", "leader_name": "陈建国", "leader_phone": "13800138000",
    "contact_name": "王晓燕", "contact_phone": "023-63881234", "reason": "落实数据共享的部署。",
    "summary": "建设统一的数据共享平台。", "expected_effect": "减少重复填报。", "amount": "300万",
    "funding_source": "区级财政资金", "progress": "方案论证阶段。", "filler_name": "王晓燕",
    "filler_phone": "13900139000", "work_type": "continuation", "fiscal_funding": True, "it_system": True,
    "excluded_purchase": "none", "continues_outside": "一期，渝中发改投〔2024〕56号批复",
}  # fmt: skip


# --- HTTP over asyncio ---------------------------------------------------------------------------
async def _request(port: int, method: str, path: str, data=None, token: str = "") -> tuple[int, bytes, float]:
    """One request on its own connection: (status, body, seconds from connecting to the last byte)."""
    body = b"" if data is None else json.dumps(data).encode()
    head = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        f"Content-Length: {len(body)}",
    ]
    if data is not None:
        head.append("Content-Type: application/json")
    if token:
        head.append(f"Authorization: Bearer {token}")
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    answer = await reader.read(-1)
    elapsed = time.perf_counter() - start
    writer.close()
    return int(answer[9:12]), answer.partition(b"\r\n\r\n")[2], elapsed


async def _each(calls: list, clients: int) -> tuple[list[tuple[int, bytes, float]], float]:
    """Every call (a coroutine factory) once, `clients` at a time; the answers in order, the wall time."""
    answers: list = [None] * len(calls)
    queue = iter(enumerate(calls))

    async def client() -> None:
        for index, call in queue:
            answers[index] = await call()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return answers, time.perf_counter() - start


async def _for(seconds: float, call, clients: int) -> tuple[list[tuple[int, float]], float]:
    """`call(n)` over and over by `clients` clients for `seconds`: (status, seconds) and the wall time."""
    done: list[tuple[int, float]] = []
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        n = number
        while time.perf_counter() < deadline:
            status, _, elapsed = await call(n)
            done.append((status, elapsed))
            n += clients

    start = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return done, time.perf_counter() - start


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


# --- the servers and their database --------------------------------------------------------------
def _database(base: str, work: Path) -> tuple[str, str]:
    """A database of SIZE projects for this run only, vacuumed and analysed as autovacuum keeps a
    server's (this machine's PostgreSQL runs without it), and where it came from."""
    name, root = f"govit_bench_serving_{os.getpid()}", base.rsplit("/", 1)[0]
    name, source = _filled(base, work, name, root)
    _pg(f"{root}/{name}", "VACUUM ANALYZE")
    return name, source


def _filled(base: str, work: Path, name: str, root: str) -> tuple[str, str]:
    for cache in (f"govit_bench_cache_{SIZE}", f"govit_bench_serving_cache_{SIZE}"):
        if _pg_exists(base, cache):
            _clone(base, name, cache)
            _manage(_env(f"{root}/{name}", work), "migrate", "--noinput", "-v", "0")
            return name, f"a clone of {cache}"
    _pg(base, f"CREATE DATABASE {name}")
    env = _env(f"{root}/{name}", work)
    _manage(env, "migrate", "--noinput", "-v", "0")
    print(f"populating {SIZE:,} projects…", flush=True)
    _manage(env, "populate", "--projects", str(SIZE), "--events", str(10 * SIZE), "--seed", "1")
    if os.environ.get("GOVIT_BENCH_KEEP") == "1":
        _clone(base, f"govit_bench_serving_cache_{SIZE}", name)
    return name, "populated for this run"


def _clone(base: str, name: str, template: str) -> None:
    # CREATE DATABASE … TEMPLATE needs nobody else on the template: another bench may be copying it.
    import psycopg

    for attempt in range(30):
        try:
            _pg(base, f"CREATE DATABASE {name} TEMPLATE {template}")
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 29:
                raise
            time.sleep(2)


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "govit",
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
    ]
    with log.open("w") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _up(ports: list[int], servers: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + 90
    for port, server, log in zip(ports, servers, logs, strict=True):
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the server on {port} did not start:\n{log.read_text()}")
            try:
                if (await _request(port, "GET", "/healthz"))[0] == 200:
                    break
            except OSError:
                pass
            await asyncio.sleep(0.2)


# --- the figures ---------------------------------------------------------------------------------
async def _sign_in(port: int, username: str) -> str:
    status, body, _ = await _request(
        port, "POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD}
    )
    if status != 200:
        sys.exit(f"{username} could not sign in ({status}): {body.decode()}")
    return json.loads(body)["token"]


async def _measure(ports: list[int], url: str) -> dict:
    tokens = {name: await _sign_in(ports[n % 2], name) for n, name in enumerate((*UNITS, "bdb"))}

    def create(n: int):
        unit = UNITS[n % 2]
        data = {**DRAFT, "name": f"{DRAFT['name']}（压测 {n}）"}
        return lambda: _request(ports[n % 2], "POST", "/api/v1/projects", data, tokens[unit])

    made, made_s = await _each([create(n) for n in range(WARM + ACTIONS)], CLIENTS)
    if {status for status, _, _ in made} != {201}:
        sys.exit(f"making the drafts failed: {[(s, b[:200]) for s, b, _ in made if s != 201][:3]}")
    drafts = [(json.loads(body)["id"], UNITS[n % 2]) for n, (_, body, _) in enumerate(made)]

    def submit(n: int):
        pid, unit = drafts[n]
        return lambda: _request(
            ports[n % 2], "POST", f"/api/v1/projects/{pid}/actions/submit", {}, tokens[unit]
        )

    await _each([submit(n) for n in range(WARM)], CLIENTS)
    cpu = time.process_time()
    answers, wall = await _each([submit(n) for n in range(WARM, WARM + ACTIONS)], CLIENTS)
    action_cpu = (time.process_time() - cpu) / wall
    failed = [(s, b[:200]) for s, b, _ in answers if s != 200]
    if failed:
        sys.exit(f"{len(failed)} submissions failed, e.g. {failed[:3]}")
    ids = [pid for pid, _ in drafts[WARM:]]
    events, audited = _recorded(url, ids)
    if events != ACTIONS or audited != ACTIONS:
        sys.exit(f"{ACTIONS} submissions wrote {events} project events and {audited} audit rows")
    latencies = [elapsed * 1000 for _, _, elapsed in answers]

    def listing(n: int):
        return _request(ports[n % 2], "GET", "/api/v1/projects?page=1", token=tokens["bdb"])

    def bare(n: int):
        return _request(ports[n % 2], "GET", BARE_PATH)

    rates: dict[str, list] = {"list": [], "bare": []}
    for call in (bare, listing):
        await _for(1.0, call, CLIENTS)  # warm
    cpu = time.process_time()
    started = time.perf_counter()
    for _round in range(2):
        for key, call in (("bare", bare), ("list", listing)):
            rates[key].append(await _for(SECONDS / 2, call, CLIENTS))
    read_cpu = (time.process_time() - cpu) / (time.perf_counter() - started)
    read = {}
    for key, runs in rates.items():
        done = [item for run, _ in runs for item in run]
        if {status for status, _ in done} != {200}:
            sys.exit(f"{key}: not every answer was 200: {sorted({s for s, _ in done})}")
        read[key] = {
            "requests": len(done), "per_s": len(done) / sum(wall for _, wall in runs),
            "p95_ms": _p95([e * 1000 for _, e in done]), "median_ms": statistics.median(e * 1000 for _, e in done),
        }  # fmt: skip
    return {
        "drafts_per_s": len(made) / made_s,
        "action": {
            "count": ACTIONS, "per_s": ACTIONS / wall, "p95_ms": _p95(latencies),
            "median_ms": statistics.median(latencies), "max_ms": max(latencies), "client_cpu": action_cpu,
        },
        "read": read, "read_client_cpu": read_cpu,
    }  # fmt: skip


def _recorded(url: str, ids: list[int]) -> tuple[int, int]:
    """The submissions' project events, and the audit rows that copy them."""
    import psycopg

    with psycopg.connect(url) as connection:
        events = connection.execute(
            "SELECT count(*) FROM projects_projectevent WHERE action = 'submit' AND project_id = ANY(%s)",
            [ids],
        ).fetchone()[0]
        audited = connection.execute(
            "SELECT count(*) FROM audit_auditevent a JOIN projects_projectevent e ON a.project_event_id = e.id"
            " WHERE e.action = 'submit' AND e.project_id = ANY(%s)",
            [ids],
        ).fetchone()[0]
    return events, audited


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _table(result: dict, source: str) -> str:
    action, read = result["action"], result["read"]
    share = read["list"]["per_s"] / read["bare"]["per_s"]
    load = ", ".join(f"{x:.1f}" for x in result["load"])
    return "\n".join([
        f"## Serving: two servers on one PostgreSQL ({SIZE:,} projects, {source})",
        "",
        f"Two `govit serve` instances × {WORKERS} sync workers, {CLIENTS} concurrent clients (asyncio, one "
        f"process on the same {os.cpu_count()} cores; it used {action['client_cpu']:.0%} of a core during the "
        f"actions and {result['read_client_cpu']:.0%} during the reads). Load average before: {load}.",
        "",
        "| figure | measured | target | |",
        "|---|---:|---|---|",
        f"| workflow action (submit + audit event), p95 | {action['p95_ms']:.1f} ms | ≤ {TARGET_P95_MS:.0f} ms "
        f"| {_verdict(action['p95_ms'] <= TARGET_P95_MS)} |",
        f"| workflow action, actions per second ({action['count']:,}) | {action['per_s']:.0f}/s "
        f"| ≥ {TARGET_RATE:.0f}/s | {_verdict(action['per_s'] >= TARGET_RATE)} |",
        f"| JSON list `/api/v1/projects` page 1 | {read['list']['per_s']:.0f} req/s | | |",
        f"| bare Django view (JsonResponse, no database) | {read['bare']['per_s']:.0f} req/s | | |",
        f"| JSON list / bare view | {share:.0%} | ≥ {TARGET_SHARE:.0%} | {_verdict(share >= TARGET_SHARE)} |",
        "",
        f"Action latency: median {action['median_ms']:.1f} ms, max {action['max_ms']:.0f} ms. "
        f"List: median {read['list']['median_ms']:.1f} ms, p95 {read['list']['p95_ms']:.1f} ms "
        f"({read['list']['requests']:,} requests); bare view: median {read['bare']['median_ms']:.1f} ms, "
        f"p95 {read['bare']['p95_ms']:.1f} ms ({read['bare']['requests']:,}). "
        f"Drafts made beforehand through the API: {result['drafts_per_s']:.0f}/s.",
    ])  # fmt: skip


def main() -> None:
    base = _postgres_base()
    if base is None:
        print("PostgreSQL does not answer: bench/serving.py skipped.")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="serving-", dir=OUT))
    (work / "serving_settings.py").write_text(SETTINGS, encoding="utf-8")
    name, source = _database(base, work)
    url = f"{base.rsplit('/', 1)[0]}/{name}"
    servers: list[subprocess.Popen] = []
    try:
        env = _env(url, work)
        if not (OUT / "static" / "staticfiles.json").exists():
            _manage(env, "collectstatic", "--noinput", "-v", "0")
        env |= {
            "DJANGO_SETTINGS_MODULE": "serving_settings", "PYTHONPATH": f"{work}{os.pathsep}{Path(__file__).parent}",
            "GOVIT_API_TOKEN_DAYS": "1",
        }  # fmt: skip
        ports, logs = [_free_port(), _free_port()], [work / "a.log", work / "b.log"]
        load = os.getloadavg()
        servers = [_serve(env, port, log) for port, log in zip(ports, logs, strict=True)]
        asyncio.run(_up(ports, servers, logs))
        result = asyncio.run(_measure(ports, url)) | {"load": load}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        _pg(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)
    table = _table(result, source)
    print(table)
    (OUT / "serving.md").write_text(table + "\n", encoding="utf-8")
    (OUT / "serving.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
