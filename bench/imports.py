"""GovIT import benchmark (issue 12, R2.10): a yearly list of N rows taken in from Excel.

    .venv/bin/python bench/imports.py [SIZES…]        (default: 1000 10000)

For each size, in a process of its own, on a throw-away SQLite database under var/bench/ (or on
PostgreSQL with GOVIT_BENCH_DATABASE=postgres://…, a database it may drop and create): migrates,
loads the demo district's organisations and people, writes a workbook of N rows as a bureau keeps
it (a merged title row, 万元 amounts, the states 已纳入清单, 申报中, 未通过, 已撤回, 建设实施 with its
approval and 已交付使用 with its delivery in turn), and times the preview (every row judged) and the
import (each project recorded, its event written and moved by the engine into its row's state with
its approval or its system in the library, a thousand a transaction). Prints the figures against
the issue's target: 10,000 rows in at most 30 s.
"""

import json
import os
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_10K = 30.0
STATES = ("已纳入清单", "已纳入清单", "申报中", "未通过", "已撤回", "建设实施", "已交付使用", "建设实施")


def measure(size: int, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import Workbook

    from govit.accounts.models import Organisation, User
    from govit.projects import importing

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", stdout=open(os.devnull, "w"))
    units = [o.name for o in Organisation.objects.exclude(kind__in=["bureau", "agency"])]
    book = Workbook()
    sheet = book.active
    sheet.append(["渝中区2024年度政务信息化项目清单"])
    sheet.merge_cells("A1:J1")
    sheet.append(["序号", "项目名称", "申报单位", "项目类别", "投资估算（万元）", "年度", "状态", "批复文号",
                  "批复金额（万元）", "交付使用日期"])  # fmt: skip
    for i in range(size):
        state = STATES[i % len(STATES)]
        approval = [f"渝中发改投〔2024〕{i + 1}号", 40 + i % 900] if state == "建设实施" else [None, None]
        later = [*approval, "2024-12-01" if state == "已交付使用" else None]
        sheet.append(
            [i + 1, f"历史项目{i:05d}", units[i % len(units)], "建设类", 50 + i % 900, 2024, state, *later]
        )
    out = BytesIO()
    book.save(out)
    content = out.getvalue()
    user = User.objects.get(username="bdb")
    start = time.perf_counter()
    preview = importing.preview(content)
    judged = time.perf_counter() - start
    start = time.perf_counter()
    result = importing.take(user=user, content=content, file_name="bench.xlsx")
    taken = time.perf_counter() - start
    assert result["taken"] == size, result
    print(json.dumps({"size": size, "preview": judged, "take": taken, "taken": result["taken"],
                      "takes": preview.count("take")}))  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(int(sys.argv[2]), sys.argv[3])
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        url = os.environ.get("GOVIT_BENCH_DATABASE") or f"sqlite:///{folder / f'import-{size}.sqlite3'}"
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            base, _, name = url.rpartition("/")
            subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=False)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        done = subprocess.run([sys.executable, __file__, "--measure", str(size), url], capture_output=True,
                              text=True, check=True)  # fmt: skip
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("| rows | preview s | import s | projects/s | 10,000 rows ≤ 30 s |")
    print("|---:|---:|---:|---:|---|")
    for r in rows:
        rate = r["taken"] / r["take"]
        verdict = "" if r["size"] < 10_000 else ("PASS" if r["take"] + r["preview"] <= TARGET_10K else "FAIL")
        if r["size"] > 10_000:
            verdict = f"at 10,000: {10_000 / rate:.0f} s"
        print(f"| {r['size']:,} | {r['preview']:.1f} | {r['take']:.1f} | {rate:.0f} | {verdict} |")


if __name__ == "__main__":
    main()
