"""GovIT page benchmark: prints figures (time per request, queries per page) at growing data sizes.

    make bench

Runs on a throw-away SQLite database under var/bench/: migrates, loads the demo district, adds
N projects by bulk insert (each with a built system and a payment), then times the pages the BDB
opens most, the library of built systems, the funds ledger (as finance) and both as .xlsx.
"""

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(sizes: list[int]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-", dir=ROOT / "var"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from govit.acceptance.models import BuiltSystem
    from govit.accounts.models import Organisation, User
    from govit.funds.models import Disbursement
    from govit.projects.models import Project

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-projects", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    bdb = User.objects.get(username="bdb")
    units = list(Organisation.objects.filter(kind__in=["department", "street"]))
    creator = User.objects.get(username="jiaowei_unit")
    from govit.projects.demo import demo_projects_load

    demo_projects_load({"渝中区中小学智慧食堂监管平台"})  # a delivered system: every section of the page
    delivered = Project.objects.get(name="渝中区中小学智慧食堂监管平台").pk
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bdb)
    finance = Client(HTTP_HOST="127.0.0.1")
    finance.force_login(User.objects.get(username="finance"))
    made = 0
    print(f"{'projects':>9} {'page':<22} {'ms (median of 5)':>17} {'queries':>8}")
    for size in sizes:
        batch = [
            Project(
                unit=units[i % len(units)],
                name=f"基准项目{i}",
                leader_name="张三",
                leader_phone="13800138000",
                contact_name="李四",
                contact_phone="13800138001",
                category="construction",
                reason="r",
                summary="s",
                expected_effect="e",
                amount=Decimal(1_000_000 + i),
                funding_source="区级财政",
                progress="p",
                filler_name="王五",
                filler_phone="13800138002",
                form_date="2026-09-01",
                year=2027,
                work_type="continuation",
                path="combined",
                policy_id="yuzhong-2021",
                state="list_review",
                submitted_at="2026-09-20T10:00:00+08:00",
                created_by=creator,
            )  # fmt: skip
            for i in range(made, size)
        ]
        batch = Project.objects.bulk_create(batch, batch_size=1000)
        BuiltSystem.objects.bulk_create(
            (BuiltSystem(project=p, name=p.name, unit=p.unit, delivered_on="2026-06-01", on_cloud=p.pk % 2 == 0)
             for p in batch), batch_size=1000,
        )  # fmt: skip
        Disbursement.objects.bulk_create(
            (Disbursement(project=p, paid_on="2026-07-01", amount=Decimal(100_000), purpose="进度款",
                          voucher=f"PZ-{p.pk}", recorded_by=creator) for p in batch), batch_size=1000,
        )  # fmt: skip
        made = size
        some = Project.objects.filter(state="list_review").order_by("pk").first().pk
        for name, url, who in (
            ("项目清单 /projects/", "/projects/?year=2027", client),
            ("待办 /todo/", "/todo/", client),
            ("项目详情", f"/projects/{some}/", client),
            ("项目详情（已交付）", f"/projects/{delivered}/", client),
            ("已建项目库 /library/", "/library/", client),
            ("已建项目库 .xlsx", "/library/export.xlsx", client),
            ("资金台账 /funds/", "/funds/", finance),
            ("资金台账 .xlsx", "/funds/export.xlsx", finance),
        ):
            times = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = who.get(url)
                    times.append(time.perf_counter() - start)
                assert response.status_code == 200, (url, response.status_code)
            print(f"{size:>9} {name:<22} {statistics.median(times) * 1000:>17.1f} {len(queries):>8}")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100, 1000, 10000])
