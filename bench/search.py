"""Benchmark of the staff person search at city scale (200,000 people).

Run from the repository root::

    .venv/bin/python bench/search.py                      # SQLite, then PostgreSQL
    .venv/bin/python bench/search.py --database sqlite
    .venv/bin/python bench/search.py --database postgres
    .venv/bin/python bench/search.py --rebuild            # generate the people again

It fills a separate database (``bench/search.sqlite3``, or the PostgreSQL database
``opencus_bench``, created if missing) with synthetic people — valid PESELs, Polish names with
diacritics, streets, phones — saved with ``fill_search_fields`` as the services save them, and
reuses it on later runs. Then it times ``person_search`` for surnames, PESELs, phones and
streets, as the search page evaluates it, and prints the median and 95th percentile against
the target. The exit status is 1 when a query kind misses the target.

Each database runs in its own process: Django's settings (``DATABASE_URL``) are fixed once
``django.setup()`` has run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from opencus.people.models import Person

SQLITE_PATH = BASE_DIR / "bench" / "search.sqlite3"
POSTGRES_URL = os.environ.get(
    "OPENCUS_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/opencus_bench"
)
PEOPLE = 200_000
QUERIES_PER_KIND = 200
WARM_UP_PER_KIND = 20
BATCH = 5_000
TARGET_P95_MS = 50.0
KINDS = ("surname", "pesel", "phone", "street")
BENCH_USERNAME = "bench-client-office"

# --- Synthetic Polish data --------------------------------------------------------------------


def _words(text: str, separator: str | None = None) -> list[str]:
    """Long word lists read better as text than as a column of quoted strings."""
    return [word for word in text.split(separator) if word]


FEMALE_NAMES = _words(
    "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta Zofia Teresa "
    "Danuta Joanna Beata Grażyna Jadwiga Halina Irena Janina Stanisława Bożena Jolanta Urszula "
    "Wiesława Renata Dorota Marianna Łucja Żaneta Józefa Jagoda Wanda Aleksandra Natalia Zuzanna "
    "Julia Oliwia Hanna Lena Alicja Gabriela Iwona Sylwia Marta Monika Magdalena Emilia Ilona "
    "Bogumiła Kazimiera Genowefa Władysława Czesława Leokadia Mirosława Sławomira Żaklina"
)
MALE_NAMES = _words(
    "Jan Stanisław Andrzej Józef Tadeusz Jerzy Zbigniew Krzysztof Henryk Ryszard Kazimierz "
    "Marek Marian Piotr Janusz Władysław Adam Wiesław Zdzisław Edward Mieczysław Roman Mirosław "
    "Grzegorz Czesław Dariusz Wojciech Jacek Eugeniusz Tomasz Łukasz Michał Paweł Bogusław "
    "Sławomir Zenon Bogdan Leszek Jarosław Mateusz Jakub Kacper Szymon Bartłomiej Maciej Mikołaj "
    "Antoni Franciszek Aleksander Wiktor Filip Igor Oskar Ludwik Bronisław Zygmunt Lech Żelisław"
)
# The most common Polish surnames (masculine forms), most common first; the feminine form is
# derived (-ski → -ska, -cki → -cka, -dzki → -dzka).
COMMON_SURNAMES = _words(
    "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
    "Woźniak Dąbrowski Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski Krawczyk Kaczmarek "
    "Piotrowski Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowakowski "
    "Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak Górski "
    "Witkowski Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak "
    "Marciniak Wróblewski Zalewski Jakubowski Jasiński Zawadzki Sadowski Bąk Chmielewski "
    "Włodarczyk Borkowski Czarnecki Sawicki Sokołowski Urbański Kubiak Maciejewski Szczepański "
    "Kucharski Wilk Kalinowski Lis Mazurek Wysocki Adamski Kaźmierczak Wasilewski Sobczak "
    "Czerwiński Andrzejewski Cieślak Głowacki Zakrzewski Kołodziej Sikorski Krajewski Gajewski "
    "Szymczak Szulc Baranowski Laskowski Brzeziński Makowski Ziółkowski Przybylski Żółkiewski "
    "Śliwiński Łuczak Żak Gołębiowski Świątek Ślusarczyk Łęcki Źrebiec Ćwikła Żmuda"
)
# A long tail of rarer surnames: root + ending (some are invented, all are plausible).
SURNAME_ROOTS = _words(
    "Bors Chmiel Dąb Gaj Jaś Kłos Lip Mił Orł Pęk Rząd Sęk Śliw Wrzos Żur Bartk Bied Błasz "
    "Bogd Brzoz Chojn Ciesz Czaj Dziedz Frąck Gąsior Głąb Gośc Grzyb Hajd Jagieł Jastrzęb Kacz "
    "Kawal Klim Kmieć Kokosz Kosmal Kozub Krzysz Kuch Kurp Łab Łoj Łukasz Macioł Malicz Mrocz "
    "Niedź Olesz Opał Pach Pałk Pióro Płach Poręb Rack Rogal Ryb Sarn Siedl Skorup Słom Sobol "
    "Sroc Stach Strzel Szczep Szpak Świerk Tarn Trzask Turek Wach Wierzb Wilcz Wit Wrzesz Zagór "
    "Zbroj Żabi Żelaz Żmij Źdźbł Bąbel Ćwik Dłuż Gęb Kręp Mąk Pęcz Sąd Wąs Zięb Będ Chęc Dęb"
)
SURNAME_ENDINGS = _words(
    "owski iński ewski ak ek ik czyk iewicz uk ała ecki ny"  # "Dąbny" is a real village name
)
STREETS = _words(
    "Ostrowiecka|Radomska|Kielecka|Iłżecka|Żeromskiego|Mickiewicza|Słowackiego|Kościuszki|"
    "Piłsudskiego|Armii Krajowej|Wojska Polskiego|Polna|Leśna|Kościelna|Złota|Szkolna|Ogrodowa|"
    "Łąkowa|Słoneczna|Świętokrzyska|Zgody|Moniuszki|Staszica|Kopernika|Hallera|Bema|Kolejowa|"
    "Dworcowa|Spółdzielcza|Zielona|Krótka|Długa|Wąska|Górna|Dolna|Podgórze|Nadrzeczna|Kamienna|"
    "Skłodowskiej|Prusa|Orzeszkowej|Konopnickiej|Reja|Kochanowskiego|Sienkiewicza|Norwida|"
    "Tuwima|Broniewskiego|Fredry|Chopina|Wyszyńskiego|Jana Pawła II|Ks. Skorupki|Harcerska|"
    "Partyzantów|Żołnierzy Września|Batalionów Chłopskich|Hubala|Szarych Szeregów|Mała|Wiejska|"
    "Łazienna|Młyńska|Składowa|Przemysłowa|Hutnicza|Robotnicza|Górnicza|Warsztatowa|Wodociągowa|"
    "Rynek|Plac Kościelny|Pogodna|Wiosenna|Letnia|Jesienna|Zimowa|Różana|Tulipanowa|Konwaliowa|"
    "Bzowa|Jaśminowa|Jarzębinowa|Klonowa|Lipowa|Dębowa|Brzozowa|Sosnowa|Świerkowa|Modrzewiowa|"
    "Cisowa|Wrzosowa|Paprociowa|Grzybowa|Jagodowa|Malinowa|Porzeczkowa|Wiśniowa|Czereśniowa|"
    "Ogrodników|Sadowa|Łanowa|Żytnia|Pszenna|Owsiana|Gryczana|Lniana|Miodowa|Pszczela|Ptasia|"
    "Sikorek|Słowicza|Skowronkowa|Żurawia|Bociania|Orla|Sokola|Jastrzębia|Krucza|Sowia",
    "|",
)


def feminine(surname: str) -> str:
    for masculine, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + female
    return surname


@dataclass
class Generator:
    """Draws synthetic residents from a seeded random source (reproducible runs)."""

    rng: random.Random

    def __post_init__(self) -> None:
        tail = sorted({root + ending for root in SURNAME_ROOTS for ending in SURNAME_ENDINGS})
        self.tail_surnames = tail
        # Zipf-like weights for the common surnames: Nowak is about ten times as common as Żmuda.
        self.common_weights = [1 / (rank + 1) ** 0.5 for rank in range(len(COMMON_SURNAMES))]
        self.used_pesels: set[str] = set()

    def surname(self, sex: str) -> str:
        # Calibrated on the PESEL registry's surname counts: Nowak is about 0.5 % of Poles and
        # the hundred commonest surnames about a tenth; the rest is a long tail.
        if self.rng.random() < 0.10:
            base = self.rng.choices(COMMON_SURNAMES, weights=self.common_weights)[0]
        else:
            base = self.rng.choice(self.tail_surnames)
            if self.rng.random() < 0.05:  # a double-barrelled surname now and then
                base = f"{base}-{self.rng.choice(COMMON_SURNAMES)}"
        if sex == "F":
            return "-".join(feminine(part) for part in base.split("-"))
        return base

    def pesel(self, born: dt.date, sex: str) -> str:
        from opencus.core.identifiers import pesel_make

        while True:
            value = pesel_make(born, self.rng.randrange(1000), sex)
            if value not in self.used_pesels:
                self.used_pesels.add(value)
                return value

    def phone(self) -> str:
        number = f"{self.rng.choice('5678')}{self.rng.randrange(10**8):08d}"
        style = self.rng.randrange(5)
        if style == 0:
            return number
        if style == 1:
            return f"{number[:3]} {number[3:6]} {number[6:]}"
        if style == 2:
            return f"+48 {number[:3]} {number[3:6]} {number[6:]}"
        if style == 3:
            return f"{number[:3]}-{number[3:6]}-{number[6:]}"
        return f"+48{number}"

    def person(self) -> Person:
        from opencus.people.models import Person
        from opencus.people.search import fill_search_fields

        sex = self.rng.choice("FM")
        born = dt.date(1925, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 100))
        has_flat = self.rng.random() < 0.6
        person = Person(
            first_name=self.rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES),
            second_name=(
                self.rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
                if self.rng.random() < 0.3
                else ""
            ),
            last_name=self.surname(sex),
            pesel=self.pesel(born, sex),
            birth_date=born,
            sex=sex,
            phone=self.phone() if self.rng.random() < 0.85 else "",
            street=self.rng.choice(STREETS) if self.rng.random() < 0.97 else "",
            building_number=str(self.rng.randint(1, 120))
            + (self.rng.choice("ABC") if self.rng.random() < 0.05 else ""),
            flat_number=str(self.rng.randint(1, 60)) if has_flat else "",
            postcode="27-200",
            locality="Starachowice",
            terc="2611011",
        )
        if self.rng.random() < 0.02:
            from django.utils import timezone

            person.archived_at = timezone.now()
        fill_search_fields(person)
        return person


# --- The database -----------------------------------------------------------------------------


def postgres_prepare(url: str, *, rebuild: bool) -> None:
    """Create the benchmark database if it is missing (drop it first with ``--rebuild``)."""
    import psycopg
    from psycopg import sql

    parts = url.rsplit("/", 1)
    name = parts[1]
    with psycopg.connect(f"{parts[0]}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and rebuild:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def sqlite_prepare(*, rebuild: bool) -> None:
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def django_setup(database: str, *, rebuild: bool) -> None:
    if database == "postgres":
        postgres_prepare(POSTGRES_URL, rebuild=rebuild)
        os.environ["DATABASE_URL"] = POSTGRES_URL
    else:
        sqlite_prepare(rebuild=rebuild)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencus.settings"
    import django

    django.setup()


def populate(people: int, seed: int) -> tuple[float, bool]:
    """Migrate and fill the database: the seconds the people took, and whether they were reused.

    The generation time is kept in a small ``bench_meta`` table beside the data, so a later run
    that reuses the people can still report it.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from opencus.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (name varchar(40) PRIMARY KEY, value text)"
        )
        cursor.execute("SELECT value FROM bench_meta WHERE name = 'generation_seconds'")
        row = cursor.fetchone()
    existing = Person.objects.count()
    if existing == people and row is not None:
        return float(row[0]), True
    started = time.perf_counter()
    if existing:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("TRUNCATE people_person RESTART IDENTITY CASCADE")
            else:
                cursor.execute("DELETE FROM people_person")
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'people_person'")
    generator = Generator(random.Random(seed))
    done = 0
    while done < people:
        size = min(BATCH, people - done)
        batch = [generator.person() for _ in range(size)]
        with transaction.atomic():
            Person.objects.bulk_create(batch)
        done += size
        if done % 50_000 == 0 or done == people:
            print(f"  generated {done:,} / {people:,}", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Autovacuum would gather statistics within a minute; the benchmark must not wait.
            cursor.execute("ANALYZE people_person")
        seconds = time.perf_counter() - started
        cursor.execute("DELETE FROM bench_meta WHERE name = 'generation_seconds'")
        cursor.execute(
            "INSERT INTO bench_meta (name, value) VALUES ('generation_seconds', %s)",
            [f"{seconds:.1f}"],
        )
    return seconds, False


def bench_user() -> User:
    """A client-office clerk: the role that searches most, with ``person.view``."""
    from django.contrib.auth.models import Group, User

    user, _created = User.objects.get_or_create(username=BENCH_USERNAME)
    user.groups.add(Group.objects.get(name="client_office"))
    return User.objects.get(pk=user.pk)


# --- Queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    check: Callable[[list[Any]], bool]


def _sample(rng: random.Random, count: int, *, having: str | None = None) -> list[dict[str, Any]]:
    """``count`` random people who are not archived (and whose field ``having`` is filled)."""
    from opencus.people.models import Person

    people = Person.objects.filter(archived_at__isnull=True)
    if having:
        people = people.exclude(**{having: ""})
    ids_from = Person.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    ids_to = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    every_id = range(ids_from, ids_to + 1)
    rows: list[dict[str, Any]] = []
    while len(rows) < count:
        ids = rng.sample(every_id, min(len(every_id), (count - len(rows)) * 2))
        rows += [
            dict(row)
            for row in people.filter(pk__in=ids).values(
                "pk", "last_name", "pesel", "phone", "street", "building_number"
            )
        ]
    rng.shuffle(rows)
    return rows[:count]


def finds(pk: int) -> Callable[[list[Any]], bool]:
    def check(results: list[Any]) -> bool:
        return pk in [person.pk for person in results]

    return check


def finds_only(pk: int) -> Callable[[list[Any]], bool]:
    def check(results: list[Any]) -> bool:
        return [person.pk for person in results] == [pk]

    return check


def surname_queries(rng: random.Random, count: int) -> list[Query]:
    from opencus.core.text import fold

    queries = []
    for index, row in enumerate(_sample(rng, count)):
        surname: str = row["last_name"]
        folded = fold(surname)
        style = index % 5
        if style in (0, 1, 2):
            text = (surname, folded, surname.upper())[style]

            def exact_first(results: list[Any], folded: str = folded) -> bool:
                return bool(results) and results[0].last_name_folded == folded

            queries.append(Query(text, exact_first))
        else:
            length = rng.randint(3, 8)
            source = surname if style == 3 else folded
            queries.append(Query(source[:length], bool))
    return queries


def pesel_queries(rng: random.Random, count: int) -> list[Query]:
    return [Query(row["pesel"], finds_only(row["pk"])) for row in _sample(rng, count)]


def phone_queries(rng: random.Random, count: int) -> list[Query]:
    from opencus.people.search import normalise_phone

    queries = []
    for index, row in enumerate(_sample(rng, count, having="phone")):
        number = normalise_phone(row["phone"])
        text = (
            number,
            f"{number[:3]} {number[3:6]} {number[6:]}",
            f"+48 {number[:3]} {number[3:6]} {number[6:]}",
            f"+48{number}",
        )[index % 4]
        queries.append(Query(text, finds(row["pk"])))
    return queries


def street_queries(rng: random.Random, count: int) -> list[Query]:
    from opencus.core.text import fold

    queries = []
    for index, row in enumerate(_sample(rng, count, having="street")):
        street: str = row["street"]
        if index % 2:
            queries.append(Query(f"{street} {row['building_number']}", finds(row["pk"])))
        else:

            def on_street(results: list[Any], folded: str = fold(street)) -> bool:
                return any(p.street_folded == folded for p in results)

            queries.append(Query(street if index % 4 == 0 else fold(street), on_street))
    return queries


QUERY_MAKERS: dict[str, Callable[[random.Random, int], list[Query]]] = {
    "surname": surname_queries,
    "pesel": pesel_queries,
    "phone": phone_queries,
    "street": street_queries,
}


@dataclass
class KindResult:
    kind: str
    queries: int
    first_page_median_ms: float
    first_page_p95_ms: float
    paginated_median_ms: float
    paginated_p95_ms: float
    found: int
    examples_missed: list[str]
    slowest: list[str]

    @property
    def passed(self) -> bool:
        return max(self.first_page_p95_ms, self.paginated_p95_ms) <= TARGET_P95_MS


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def run_kind(kind: str, queries: list[Query], warm_up: list[Query], user: User) -> KindResult:
    from django.conf import settings
    from django.core.paginator import Paginator

    from opencus.people.selectors import SEARCH_LIMIT, person_search

    def first_page(text: str) -> list[Any]:
        return list(person_search(user=user, query=text)[:SEARCH_LIMIT])

    def paginated(text: str) -> list[Any]:
        # What the search page does: Paginator counts the matches, then reads page 1.
        page = Paginator(person_search(user=user, query=text), settings.OPENCUS_PAGE_SIZE)
        return list(page.get_page(1).object_list)

    for query in warm_up:
        first_page(query.text)
        paginated(query.text)
    first_times: list[float] = []
    paged_times: list[float] = []
    found = 0
    missed: list[str] = []
    by_time: list[tuple[float, str]] = []
    for query in queries:
        started = time.perf_counter()
        results = first_page(query.text)
        first_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        paginated(query.text)
        paged_times.append((time.perf_counter() - started) * 1000)
        by_time.append((max(first_times[-1], paged_times[-1]), query.text))
        if query.check(results):
            found += 1
        elif len(missed) < 5:
            missed.append(query.text)
    return KindResult(
        kind=kind,
        queries=len(queries),
        first_page_median_ms=statistics.median(first_times),
        first_page_p95_ms=p95(first_times),
        paginated_median_ms=statistics.median(paged_times),
        paginated_p95_ms=p95(paged_times),
        found=found,
        examples_missed=missed,
        slowest=[f"{text!r} {ms:.0f} ms" for ms, text in sorted(by_time, reverse=True)[:3]],
    )


def run_database(args: argparse.Namespace) -> dict[str, Any]:
    django_setup(args.database, rebuild=args.rebuild)
    from django.db import connection

    label = SQLITE_PATH.relative_to(BASE_DIR) if args.database == "sqlite" else POSTGRES_URL
    print(f"{args.database}: {label}", flush=True)
    generation, reused = populate(args.people, args.seed)
    if reused:
        print(
            f"  reusing {args.people:,} people generated earlier in {generation:.1f} s"
            " (--rebuild generates them again)"
        )
    else:
        print(f"  generated {args.people:,} people in {generation:.1f} s")
    user = bench_user()
    rng = random.Random(args.seed + 1)
    results = []
    for kind in KINDS:
        make = QUERY_MAKERS[kind]
        warm_up, queries = make(rng, args.warm_up), make(rng, args.queries)
        result = run_kind(kind, queries, warm_up, user)
        results.append(result)
    print_table(args.database, connection.vendor, results)
    return {
        "database": args.database,
        "generation_seconds": generation,
        "reused": reused,
        "people": args.people,
        "results": [asdict(r) | {"passed": r.passed} for r in results],
    }


def print_table(database: str, vendor: str, results: list[KindResult]) -> None:
    print(
        f"  {'kind':<8} {'first 50: median':>17} {'p95':>9}   {'page (COUNT + 25): median':>26}"
        f" {'p95':>9}   {'target':<17} {'result':<6} found"
    )
    for r in results:
        print(
            f"  {r.kind:<8} {r.first_page_median_ms:>14.1f} ms {r.first_page_p95_ms:>6.1f} ms"
            f"   {r.paginated_median_ms:>23.1f} ms {r.paginated_p95_ms:>6.1f} ms"
            f"   p95 ≤ {TARGET_P95_MS:.0f} ms     {'PASS' if r.passed else 'FAIL':<6}"
            f" {r.found}/{r.queries}"
        )
        if not r.passed:
            print(f"  {'':<8} slowest: {', '.join(r.slowest)}")
        if r.examples_missed:
            print(f"  {'':<8} not found as expected, e.g. {r.examples_missed}")
    print(flush=True)


def run_all(args: argparse.Namespace) -> int:
    """Run each database in a child process and sum up."""
    summaries = []
    for database in ("sqlite", "postgres"):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = Path(handle.name)
        command = [sys.executable, __file__, "--database", database, "--json-out", str(out)]
        command += ["--people", str(args.people), "--queries", str(args.queries)]
        command += ["--warm-up", str(args.warm_up), "--seed", str(args.seed)]
        if args.rebuild:
            command.append("--rebuild")
        subprocess.run(command, check=False)  # noqa: S603 (our own script, fixed arguments)
        if out.stat().st_size:
            summaries.append(json.loads(out.read_text()))
        else:
            print(f"{database}: the run failed (see above)")
            summaries.append({"database": database, "results": []})
        out.unlink()
    print(
        f"Summary: target p95 ≤ {TARGET_P95_MS:.0f} ms; median and p95 of the slower of"
        " the first 50 and the paginated page"
    )
    failed = False
    for summary in summaries:
        if not summary["results"]:
            failed = True
            continue
        generation = f"{summary['generation_seconds']:.0f} s" + (
            " earlier" if summary["reused"] else ""
        )
        for r in summary["results"]:
            median = max(r["first_page_median_ms"], r["paginated_median_ms"])
            worst = max(r["first_page_p95_ms"], r["paginated_p95_ms"])
            print(
                f"  {summary['database']:<9} generated in {generation:<12} {r['kind']:<8}"
                f" median {median:5.1f} ms  p95 {worst:5.1f} ms"
                f"  {'PASS' if r['passed'] else 'FAIL'}  found {r['found']}/{r['queries']}"
            )
            failed |= not r["passed"]
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rebuild", action="store_true", help="generate the people again")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--queries", type=int, default=QUERIES_PER_KIND, help="per kind")
    parser.add_argument("--warm-up", type=int, default=WARM_UP_PER_KIND, help="per kind")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.database == "both":
        return run_all(args)
    summary = run_database(args)
    if args.json_out:
        args.json_out.write_text(json.dumps(summary))
    return 0 if all(r["passed"] for r in summary["results"]) else 1


if __name__ == "__main__":
    sys.exit(main())
