"""Benchmark of the monthly settlement at scale: 200,000 delivery records in one month.

Run from the repository root::

    .venv/bin/python bench/settlement.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/settlement.py --database sqlite
    .venv/bin/python bench/settlement.py --database postgres --database-url postgres://…/name
    .venv/bin/python bench/settlement.py --records 20000      # a quick look

It builds a throwaway database — a temporary SQLite file, or the PostgreSQL database named in
``--database-url`` / ``OPENCUS_BENCH_SETTLEMENT_URL`` (default
``postgres://postgres@127.0.0.1:5432/opencus_bench_settlement``), created for the run and
dropped after it — with 50 providers, one contract each with two priced lines, 80 entitlements
per contract and 200,000 delivery records spread over the days of last month (bulk inserts;
a few hundred are reversing corrections). Then it times ``month_statements`` — the statements
of all 50 contracts, as the settlement page and the approval compute them — and prints the best
of the runs and the slowest against the target (PostgreSQL ≤ 2 s). The exit status is 1 when
PostgreSQL misses the target.

Each database runs in its own process: Django's settings (``DATABASE_URL``) are fixed once
``django.setup()`` has run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

POSTGRES_URL = os.environ.get(
    "OPENCUS_BENCH_SETTLEMENT_URL",
    "postgres://postgres@127.0.0.1:5432/opencus_bench_settlement",
)
#: Never benchmark into these: the development and the test databases.
PROTECTED = {"opencus", "test_opencus", "postgres", "template0", "template1"}
CONTRACTS = 50
ENTITLEMENTS_PER_CONTRACT = 80
RECORDS = 200_000
RUNS = 3
BATCH = 5_000
TARGET_SECONDS = 2.0


# --- The database -----------------------------------------------------------------------------


def _postgres_admin(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    if name in PROTECTED:
        raise SystemExit(f"refusing to use the database {name!r}: give a throwaway name")
    return base, name


def postgres_create(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = _postgres_admin(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def postgres_drop(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = _postgres_admin(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencus.settings"
    import django

    django.setup()


# --- The data ---------------------------------------------------------------------------------


def populate(*, records: int, seed: int, month: dt.date) -> dict[str, Any]:
    """Migrate and fill the database; return the figures of what was made."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from opencus.catalog.models import Unit
    from opencus.delivery.models import DeliveryRecord, next_month
    from opencus.intake.models import Application, ApplicationItem, Channel, Entitlement, ItemState
    from opencus.people.models import Person
    from opencus.providers.models import (
        Contract,
        ContractLine,
        ContractStatus,
        LinePeriod,
        ProcurementMode,
        Provider,
        ProviderKind,
    )
    from tests.catalog.factories import ProgrammeServiceFactory

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    started = time.perf_counter()
    clerk = User.objects.create_user(username="bench-organiser")
    services = [ProgrammeServiceFactory.create(name=f"Usługa {n}") for n in range(4)]
    valid_from, valid_to = month - dt.timedelta(days=120), month + dt.timedelta(days=400)
    providers = Provider.objects.bulk_create(
        Provider(
            name=f"Spółdzielnia Socjalna „Łączy nas” nr {n}",
            kind=ProviderKind.SOCIAL_COOPERATIVE,
            nip=f"{7_000_000_000 + n}",
            regon=f"{100_000_000 + n}",
            street="Radomska",
            building_number=str(n + 1),
            postcode="27-200",
            locality="Starachowice",
        )
        for n in range(CONTRACTS)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            provider=provider,
            number=f"CUS/B/{n}/2026",
            title="Usługi opiekuńcze i transport",
            procurement_mode=ProcurementMode.PUBLIC_BENEFIT,
            valid_from=valid_from,
            valid_to=valid_to,
            total_value=Decimal("2500000.00"),
            status=ContractStatus.ACTIVE,
        )
        for n, provider in enumerate(providers)
    )
    lines = ContractLine.objects.bulk_create(
        ContractLine(
            contract=contract,
            service=services[(n + k) % len(services)],
            unit=(Unit.RIDE, Unit.HOUR)[k],
            unit_price=(Decimal("24.50"), Decimal("41.20"))[k],
            max_units=1_000_000,
            period=LinePeriod.CONTRACT,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for n, contract in enumerate(contracts)
        for k in range(2)
    )
    count = CONTRACTS * ENTITLEMENTS_PER_CONTRACT
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=rng.choice(["Anna", "Jan", "Zofia", "Łukasz", "Małgorzata", "Żaneta"]),
                last_name=f"Wiśniewsk{n}",
                birth_date=dt.date(1940, 1, 1) + dt.timedelta(days=n * 3),
                sex=rng.choice("FM"),
                id_document_number=f"ABC{n:06d}",
                id_document_country="UA",
                street="Ostrowiecka",
                building_number=str(n % 200 + 1),
                postcode="27-200",
                locality="Starachowice",
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    pairs = [(lines[2 * (n // ENTITLEMENTS_PER_CONTRACT) + n % 2], people[n]) for n in range(count)]
    applications = Application.objects.bulk_create(
        [
            Application(reference=f"B/{n}", person=person, channel=Channel.PHONE, filed_at=now)
            for n, (_line, person) in enumerate(pairs)
        ],
        batch_size=BATCH,
    )
    items = ApplicationItem.objects.bulk_create(
        [
            ApplicationItem(
                application=application,
                person=person,
                service_id=line.service_id,
                filed_at=now,
                queue_key=now,
                state=ItemState.QUALIFIED,
                state_changed_at=now,
            )
            for application, (line, person) in zip(applications, pairs, strict=True)
        ],
        batch_size=BATCH,
    )
    entitlements = Entitlement.objects.bulk_create(
        [
            Entitlement(
                item=item,
                person=person,
                service_id=line.service_id,
                provider_id=line.contract.provider_id,
                allowances=[],
                starts_on=valid_from,
            )
            for item, (line, person) in zip(items, pairs, strict=True)
        ],
        batch_size=BATCH,
    )
    days = (next_month(month) - month).days
    batch: list[DeliveryRecord] = []
    made = 0
    for n in range(records):
        index = n % count
        line, entitlement = pairs[index][0], entitlements[index]
        units = (
            Decimal(rng.choice([1, 1, 2]))
            if line.unit == Unit.RIDE
            else Decimal(rng.choice(["0.75", "1.00", "1.50", "2.25"]))
        )
        batch.append(
            DeliveryRecord(
                entitlement=entitlement,
                contract_line=line,
                provider_id=cast(int, entitlement.provider_id),
                delivered_on=month + dt.timedelta(days=rng.randrange(days)),
                units=units,
                unit=line.unit,
                unit_price=line.unit_price,
                settlement_month=month,
                recorded_by=clerk,
            )
        )
        if len(batch) == BATCH:
            made += len(DeliveryRecord.objects.bulk_create(batch))
            batch = []
    if batch:
        made += len(DeliveryRecord.objects.bulk_create(batch))
    # Some corrections: reversing entries of the month's own records.
    originals = list(
        DeliveryRecord.objects.filter(settlement_month=month).order_by("id")[
            :: max(records // 300, 1)
        ]
    )
    corrections = DeliveryRecord.objects.bulk_create(
        DeliveryRecord(
            entitlement_id=r.entitlement_id,
            contract_line_id=r.contract_line_id,
            provider_id=r.provider_id,
            delivered_on=r.delivered_on,
            units=-r.units,
            unit=r.unit,
            unit_price=r.unit_price,
            settlement_month=month,
            corrects=r,
            recorded_by=clerk,
            note="pomyłka",
        )
        for r in originals
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "records": made + len(corrections),
        "corrections": len(corrections),
        "entitlements": len(entitlements),
        "generation_seconds": time.perf_counter() - started,
    }


def measure(*, month: dt.date, runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries

    from opencus.delivery.selectors import month_statements

    timings = []
    statements: list[Any] = []
    for _run in range(runs):
        reset_queries()
        started = time.perf_counter()
        statements = month_statements(month=month)
        timings.append(time.perf_counter() - started)
    total = sum((s.total for s in statements), Decimal(0))
    return {
        "database": connection.vendor,
        "best": min(timings),
        "worst": max(timings),
        "timings": timings,
        "statements": len(statements),
        "people_lines": sum(len(s.person_lines) for s in statements),
        "total": str(total),
    }


def last_month() -> dt.date:
    today = dt.date.today()  # noqa: DTZ011 - a date for synthetic data, before Django is set up
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def run_database(args: argparse.Namespace) -> dict[str, Any]:
    month = last_month()
    temporary: Path | None = None
    if args.database == "postgres":
        url = args.database_url or POSTGRES_URL
        postgres_create(url)
    else:
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
        handle.close()
        temporary = Path(handle.name)
        url = f"sqlite:///{temporary}"
    try:
        django_setup(url)
        made = populate(records=args.records, seed=args.seed, month=month)
        result = measure(month=month, runs=args.runs)
        result.update(made)
        from django.db import connections

        connections.close_all()
    finally:
        if args.database == "postgres":
            postgres_drop(url)
        elif temporary is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    label = "PostgreSQL" if args.database == "postgres" else "SQLite"
    target = f"  (target ≤ {TARGET_SECONDS:.0f} s)" if args.database == "postgres" else ""
    print(
        f"{label}: {result['best']:.2f} s best of {args.runs}, slowest {result['worst']:.2f} s"
        f" — {result['statements']} statements, {result['records']:,} records"
        f" ({result['corrections']} corrections), generated in"
        f" {result['generation_seconds']:.0f} s{target}",
        flush=True,
    )
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--database-url", help="the throwaway PostgreSQL database to use")
    parser.add_argument("--records", type=int, default=RECORDS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_all(args: argparse.Namespace) -> int:
    failed = False
    for database in ("sqlite", "postgres"):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = Path(handle.name)
        command = [sys.executable, __file__, "--database", database, "--json-out", str(out)]
        command += ["--records", str(args.records), "--runs", str(args.runs)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        status = subprocess.run(command, check=False).returncode  # noqa: S603 (our own script)
        if database == "postgres":
            failed |= status != 0
        out.unlink(missing_ok=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.database == "both":
        return run_all(args)
    result = run_database(args)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, default=str))
    if args.database == "postgres" and result["worst"] > TARGET_SECONDS:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
