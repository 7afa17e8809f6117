"""Synthetic residents of the demo centre: households, people, representatives, consents and
special-category data, as plain data with no database access.

Everything comes from one ``random.Random`` with a fixed seed and a fixed reference date, so
the same call gives the same people on every machine and every day. Households are drawn one
after another until there are enough people, so a smaller population is a prefix of a larger
one. People are keyed by PESEL, or by document country and number for those without one.
"""

# ruff: noqa: S311 - pseudo-random synthetic data by design, nothing here is a secret

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from opencus.core.dates import age_on
from opencus.core.identifiers import pesel_make
from opencus.core.text import fold
from opencus.demo import names
from opencus.demo.streets import BLOCK_STREETS, STREETS, Street, building_position

SEED = 20210804  # the day the first Starachowice programme came into force
# Ages are computed on this day, not on "today", so that the same people (the same PESELs)
# come out whenever the seed runs.
REFERENCE_DATE = dt.date(2026, 1, 1)
WARSAW = ZoneInfo("Europe/Warsaw")
# Consents were collected from the start of the first programme to the reference date.
FIRST_REGISTRATION = dt.date(2021, 8, 4)
CERTIFICATE_ISSUER = "Powiatowy Zespół do Spraw Orzekania o Niepełnosprawności w Starachowicach"


@dataclass
class PersonPlan:
    key: str
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date
    pesel: str | None = None
    second_name: str = ""
    id_document_type: str = ""
    id_document_number: str = ""
    id_document_country: str = ""
    citizenship: str = "PL"
    phone: str = ""
    email: str = ""
    preferred_language: str = "pl"
    labour_status: str = ""
    protection_status: str = ""

    def age(self, on: dt.date = REFERENCE_DATE) -> int:
        return age_on(self.birth_date, on)


@dataclass(frozen=True)
class AddressPlan:
    street: str
    building: str
    flat: str
    latitude: float
    longitude: float

    @property
    def line(self) -> str:
        return f"{self.street} {self.building}" + (f"/{self.flat}" if self.flat else "")


@dataclass
class MemberPlan:
    person: PersonPlan
    relation: str  # people.HouseholdRelation
    joined_on: dt.date


@dataclass
class HouseholdPlan:
    address: AddressPlan
    members: list[MemberPlan] = field(default_factory=list)

    @property
    def name(self) -> str:
        # Unique: every household has its own address.
        return f"{self.members[0].person.last_name}, {self.address.line}"


@dataclass(frozen=True)
class RepresentativePlan:
    person_key: str
    representative_key: str
    kind: str  # people.RepresentativeKind
    basis: str
    valid_from: dt.date
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class ConsentPlan:
    person_key: str
    purpose: str  # people.ConsentPurpose
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None = None
    # (person key, representative key, kind) of the Representative who gave it, if any.
    by_representative: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class CertificatePlan:
    person_key: str
    level: str  # people.DisabilityLevel
    symbol: str
    issued_on: dt.date
    valid_until: dt.date | None


@dataclass(frozen=True)
class HealthNotePlan:
    person_key: str
    text: str


@dataclass
class Population:
    households: list[HouseholdPlan] = field(default_factory=list)
    representatives: list[RepresentativePlan] = field(default_factory=list)
    consents: list[ConsentPlan] = field(default_factory=list)
    certificates: list[CertificatePlan] = field(default_factory=list)
    health_notes: list[HealthNotePlan] = field(default_factory=list)

    def people(self) -> Iterator[tuple[PersonPlan, HouseholdPlan]]:
        for household in self.households:
            for member in household.members:
                yield member.person, household

    @property
    def size(self) -> int:
        return sum(len(h.members) for h in self.households)


# (kind, weight): senior-heavy, like the services of the programme.
HOUSEHOLD_KINDS: tuple[tuple[str, int], ...] = (
    ("senior_single", 30),
    ("senior_couple", 20),
    ("senior_with_carer", 7),
    ("senior_with_adult_child", 4),
    ("family", 16),
    ("single_parent", 5),
    ("multigeneration", 3),
    ("adult_single", 9),
    ("adult_couple", 7),
    ("refugee_family", 2),
)
# Seniors are more likely to live on os. Łazy (the categorical OSL community of seniors).
SENIOR_ESTATE_BIAS = {"Łazy": 3}
MOBILE_PREFIXES = (
    "501", "502", "504", "505", "506", "509", "511", "512", "513", "515", "516", "517",
    "530", "531", "533", "535", "536", "537", "538", "570", "572", "573", "575", "600",
    "601", "602", "603", "604", "605", "606", "607", "608", "609", "660", "661", "662",
    "663", "664", "665", "666", "667", "668", "669", "690", "691", "692", "693", "694",
    "695", "696", "697", "698", "720", "721", "722", "723", "724", "725", "726", "727",
    "728", "729", "780", "781", "782", "783", "784", "785", "786", "787", "788", "789",
    "790", "791", "792", "793", "794", "795", "796", "797", "798", "799", "880", "881",
    "882", "883", "884", "885", "886", "887", "888", "889",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
SENIOR_SYMBOLS = ("05-R", "07-S", "04-O", "03-L", "10-N", "11-I", "08-T", "05-R, 07-S")
ADULT_SYMBOLS = ("05-R", "02-P", "06-E", "01-U", "10-N", "04-O", "03-L")
CHILD_SYMBOLS = ("12-C", "01-U", "05-R", "10-N", "03-L")
HEALTH_NOTES = (
    "Porusza się o kulach; przy wsiadaniu do busa potrzebuje pomocy kierowcy.",
    "Porusza się na wózku inwalidzkim; przy wejściu do budynku dwa stopnie, bez podjazdu.",
    "Niedosłuch obustronny, nosi aparat słuchowy — mówić wyraźnie, twarzą do rozmówcy.",
    "Słabo widzi; pisma i harmonogramy drukować większą czcionką.",
    "Cukrzyca typu 2 na insulinie — na zajęciach ruchowych mieć przy sobie coś słodkiego.",
    "Po endoprotezoplastyce stawu biodrowego; bez głębokich skłonów i skrętów tułowia.",
    "Nadciśnienie tętnicze; przed ćwiczeniami zmierzyć ciśnienie.",
    "Uczulenie na orzechy — uwzględnić w posiłkach Dziennego Domu.",
    "Łagodne zaburzenia pamięci; o terminach wizyt przypominać telefonicznie dzień wcześniej.",
    "Po udarze, niedowład prawostronny; rehabilitacja w toku.",
    "Choroba zwyrodnieniowa kolan; unika schodów, potrzebuje miejsca blisko wejścia.",
    "Przewlekła obturacyjna choroba płuc; w domu korzysta z koncentratora tlenu.",
)
CARER_BASIS = {
    "M": "Syn; pomaga w zakupach, wizytach u lekarza i sprawach urzędowych (opiekun faktyczny).",
    "F": "Córka; codziennie odwiedza, pomaga w lekach i sprawach urzędowych (opiekun faktyczny).",
}
GUARDIAN_BASIS = (
    "Opiekun prawny ustanowiony postanowieniem Sądu Rejonowego w Starachowicach "
    "(sygnatura przykładowa)."
)
PARENT_BASIS = {"F": "Matka — władza rodzicielska.", "M": "Ojciec — władza rodzicielska."}


def _adult_on(born: dt.date, years: int) -> dt.date:
    """The day someone born on ``born`` turns ``years`` (29 February → 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.population = Population()
        self.pesels: set[str] = set()
        self.documents: set[str] = set()
        self.addresses: set[tuple[str, str, str]] = set()
        # The first legal representative of each person, who signs consents for a child.
        self.legal_representative: dict[str, RepresentativePlan] = {}

    # --- small draws ------------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def birth_date(self, age: int) -> dt.date:
        """A birth date of someone ``age`` years old on the reference date."""
        latest = _adult_on(REFERENCE_DATE, -age) - dt.timedelta(days=1)
        earliest = _adult_on(REFERENCE_DATE, -age - 1)
        return self.day_between(earliest, latest)

    def senior_age(self, minimum: int = 60) -> int:
        band = self.rng.choices(((60, 69), (70, 79), (80, 89), (90, 98)), (40, 38, 18, 4))[0]
        return max(minimum, self.rng.randint(*band))

    def phone(self) -> str:
        rest = f"{self.rng.randint(0, 999_999):06d}"
        return f"{self.rng.choice(MOBILE_PREFIXES)} {rest[:3]} {rest[3:]}"

    def email(self, first_name: str, last_name: str) -> str:
        local = f"{fold(first_name)}.{fold(last_name)}".replace(" ", "")
        return f"{local}{self.rng.randint(1, 99)}@{self.rng.choice(EMAIL_DOMAINS)}"

    def registration_time(self, earliest: dt.date) -> dt.datetime:
        """A weekday office-hours moment between ``earliest`` (at the soonest the first
        programme's start) and shortly before the reference date."""
        first = max(earliest, FIRST_REGISTRATION)
        day = self.day_between(first, REFERENCE_DATE - dt.timedelta(days=14))
        while day.isoweekday() > 5:
            day -= dt.timedelta(days=1)
        minutes = self.rng.randint(8 * 60, 15 * 60 + 15)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=WARSAW)

    # --- addresses --------------------------------------------------------------------------

    def address(self, *, senior: bool = False, blocks_only: bool = False) -> AddressPlan:
        streets: tuple[Street, ...] = BLOCK_STREETS if blocks_only else STREETS
        weights = [
            s.weight * (SENIOR_ESTATE_BIAS.get(s.estate, 1) if senior else 1) for s in streets
        ]
        while True:
            street = self.rng.choices(streets, weights)[0]
            number = self.rng.randint(1, street.buildings)
            block = street.kind == "blocks" or (street.kind == "mixed" and number % 4 == 0)
            if blocks_only and not block:
                continue
            building = str(number) + ("A" if block and self.chance(0.08) else "")
            flat = str(self.rng.randint(1, 60 if street.kind == "blocks" else 24)) if block else ""
            key = (street.name, building, flat)
            if key in self.addresses:
                continue
            self.addresses.add(key)
            latitude, longitude = building_position(street, building)
            return AddressPlan(street.name, building, flat, latitude, longitude)

    # --- people -----------------------------------------------------------------------------

    def polish_person(self, *, sex: str, age: int, surname: str) -> PersonPlan:
        born = self.birth_date(age)
        generation = "senior" if born.year < 1966 else "adult" if born.year < 2000 else "child"
        while True:
            pesel = pesel_make(born, self.rng.randint(0, 999), sex)
            if pesel not in self.pesels:
                self.pesels.add(pesel)
                break
        first_name = self.rng.choice(names.FIRST_NAMES[generation][sex])
        second_name = ""
        if self.chance(0.3 if generation != "child" else 0.15):
            second_name = self.rng.choice(names.FIRST_NAMES[generation][sex])
            if second_name == first_name:
                second_name = ""
        last_name = names.surname_for(surname, sex)
        person = PersonPlan(
            key=f"pesel:{pesel}",
            pesel=pesel,
            first_name=first_name,
            second_name=second_name,
            last_name=last_name,
            sex=sex,
            birth_date=born,
        )
        self.contact_and_work(person)
        return person

    def contact_and_work(self, person: PersonPlan) -> None:
        age = person.age()
        if age >= 60:
            has_phone, has_email = 0.88, 0.15
            person.labour_status = self.rng.choices(("inactive", "employed", ""), (85, 10, 5))[0]
        elif age >= 18:
            has_phone, has_email = 0.97, 0.55
            person.labour_status = self.rng.choices(
                ("employed", "unemployed", "inactive", ""), (70, 10, 15, 5)
            )[0]
        elif age >= 13:
            has_phone, has_email = 0.5, 0.1
            person.labour_status = "inactive" if age >= 15 else ""
        else:
            has_phone, has_email = 0.0, 0.0
        if self.chance(has_phone):
            person.phone = self.phone()
        if self.chance(has_email):
            person.email = self.email(person.first_name, person.last_name)

    def ukrainian_person(self, *, sex: str, age: int, surname: str) -> PersonPlan:
        born = self.birth_date(age)
        generation = "child" if age < 18 else "adult"
        if age >= 18 and self.chance(0.3):
            document_type, country = "residence_card", "PL"  # issued by the Polish voivode
            prefix = "RP"
            digits = 7
        else:
            document_type, country = "passport", "UA"
            prefix = self.rng.choice(("FA", "FB", "FC", "FE", "FH", "FK", "FM", "FP", "FT", "FX"))
            digits = 6
        while True:
            number = f"{prefix}{self.rng.randint(0, 10**digits - 1):0{digits}d}"
            if f"{country}:{number}" not in self.documents:
                self.documents.add(f"{country}:{number}")
                break
        person = PersonPlan(
            key=f"doc:{country}:{number}",
            first_name=self.rng.choice(names.UKRAINIAN_FIRST_NAMES[generation][sex]),
            last_name=surname,
            sex=sex,
            birth_date=born,
            id_document_type=document_type,
            id_document_number=number,
            id_document_country=country,
            citizenship="UA",
            preferred_language="uk",
            protection_status="temporary",
        )
        if age >= 60:
            person.labour_status = "inactive"
        elif age >= 18:
            person.labour_status = self.rng.choices(
                ("employed", "unemployed", "inactive"), (45, 20, 35)
            )[0]
        if age >= 16:
            person.phone = self.phone()
        if age >= 18 and self.chance(0.4):
            person.email = self.email(person.first_name, person.last_name)
        return person

    def joined(self, person: PersonPlan, earliest_age: int = 20) -> dt.date:
        start = max(_adult_on(person.birth_date, earliest_age), dt.date(1975, 1, 1))
        return self.day_between(start, REFERENCE_DATE - dt.timedelta(days=30))

    def household(self, address: AddressPlan, *members: tuple[PersonPlan, str]) -> HouseholdPlan:
        plan = HouseholdPlan(address)
        head = members[0][0]
        since = self.joined(head)
        for person, relation in members:
            if relation == "child" or relation == "grandchild":
                joined_on = max(person.birth_date, since)
            elif relation in ("head", "spouse"):
                joined_on = since
            else:
                joined_on = self.day_between(since, REFERENCE_DATE - dt.timedelta(days=30))
            plan.members.append(MemberPlan(person, relation, joined_on))
        self.population.households.append(plan)
        return plan

    def couple(
        self, *, head_age: int, surname: str, spouse_minimum_age: int = 18
    ) -> tuple[PersonPlan, PersonPlan]:
        head_sex = self.rng.choice("FM")
        spouse_age = min(98, max(spouse_minimum_age, head_age + self.rng.randint(-5, 5)))
        head = self.polish_person(sex=head_sex, age=head_age, surname=surname)
        spouse_sex = "M" if head_sex == "F" else "F"
        spouse = self.polish_person(sex=spouse_sex, age=spouse_age, surname=surname)
        return head, spouse

    def children(self, *, parent_age: int, surname: str, count: int) -> list[PersonPlan]:
        """Children at least 19 years younger than ``parent_age`` (the younger parent's)."""
        oldest = min(17, parent_age - 19)
        kids = []
        for _ in range(count):
            age = self.rng.randint(0, max(0, oldest))
            kids.append(self.polish_person(sex=self.rng.choice("FM"), age=age, surname=surname))
        return sorted(kids, key=lambda kid: kid.birth_date)

    def represent(self, plan: RepresentativePlan) -> None:
        self.population.representatives.append(plan)
        if plan.kind == "legal":
            self.legal_representative.setdefault(plan.person_key, plan)

    def parents_represent(self, kids: list[PersonPlan], *parents: PersonPlan) -> None:
        for kid in kids:
            if kid.age() >= 18:
                continue
            for parent in parents:
                self.represent(
                    RepresentativePlan(
                        person_key=kid.key,
                        representative_key=parent.key,
                        kind="legal",
                        basis=PARENT_BASIS[parent.sex],
                        valid_from=kid.birth_date,
                        valid_to=_adult_on(kid.birth_date, 18) - dt.timedelta(days=1),
                    )
                )

    # --- households -------------------------------------------------------------------------

    def senior_single(self, minimum_age: int = 60) -> HouseholdPlan:
        sex = self.rng.choices("FM", (68, 32))[0]  # widows outnumber widowers
        person = self.polish_person(
            sex=sex, age=self.senior_age(minimum_age), surname=self.rng.choice(names.SURNAMES)
        )
        return self.household(self.address(senior=True), (person, "head"))

    def senior_couple(self, minimum_age: int = 60) -> HouseholdPlan:
        head, spouse = self.couple(
            head_age=self.senior_age(minimum_age),
            surname=self.rng.choice(names.SURNAMES),
            spouse_minimum_age=minimum_age,
        )
        return self.household(self.address(senior=True), (head, "head"), (spouse, "spouse"))

    def senior_with_carer(self) -> None:
        """A senior (or senior couple) aged 75+ and an adult child living elsewhere in town
        who is their de facto carer; the oldest sometimes have a court-appointed guardian."""
        seniors_home = self.senior_couple(75) if self.chance(0.35) else self.senior_single(75)
        parent = seniors_home.members[0].person
        youngest = min(member.person.age() for member in seniors_home.members)
        sex = self.rng.choice("FM")
        child_age = max(25, min(62, youngest - self.rng.randint(22, 38)))
        # A son keeps the family name; a daughter usually took her husband's.
        surname = parent.last_name if sex == "M" else self.rng.choice(names.SURNAMES)
        if sex == "M" and parent.sex == "F":
            surname = self.masculine_of(parent.last_name)
        carer = self.polish_person(sex=sex, age=child_age, surname=surname)
        shape = self.rng.choices(("alone", "couple", "family"), (30, 35, 35))[0]
        address = self.address()
        if shape == "alone":
            self.household(address, (carer, "head"))
        else:
            partner_age = max(22, child_age + self.rng.randint(-4, 4))
            partner = self.polish_person(
                sex="M" if sex == "F" else "F", age=partner_age, surname=surname
            )
            members = [(carer, "head"), (partner, "spouse")]
            kids: list[PersonPlan] = []
            if shape == "family":
                kids = self.children(
                    parent_age=min(carer.age(), partner.age()),
                    surname=surname,
                    count=self.rng.randint(1, 2),
                )
                members += [(kid, "child") for kid in kids]
            self.household(address, *members)
            self.parents_represent(kids, carer, partner)
        since = self.day_between(dt.date(2018, 1, 1), REFERENCE_DATE - dt.timedelta(days=60))
        for member in seniors_home.members:
            senior = member.person
            self.represent(
                RepresentativePlan(senior.key, carer.key, "carer", CARER_BASIS[carer.sex], since)
            )
            if senior.age() >= 85 and self.chance(0.25):
                self.represent(
                    RepresentativePlan(
                        senior.key,
                        carer.key,
                        "legal",
                        GUARDIAN_BASIS,
                        self.day_between(since, REFERENCE_DATE - dt.timedelta(days=30)),
                    )
                )

    @staticmethod
    def masculine_of(surname: str) -> str:
        if surname.endswith(("ska", "cka", "dzka")) or surname.endswith("na"):
            return surname[:-1] + ("i" if surname.endswith("ka") else "y")
        return surname

    def senior_with_adult_child(self) -> HouseholdPlan:
        senior_home = self.senior_single(70)
        parent = senior_home.members[0].person
        sex = self.rng.choice("FM")
        surname = parent.last_name if parent.sex == "M" else self.masculine_of(parent.last_name)
        age = max(25, min(60, parent.age() - self.rng.randint(22, 36)))
        child = self.polish_person(sex=sex, age=age, surname=surname)
        senior_home.members.append(
            MemberPlan(child, "child", max(child.birth_date, senior_home.members[0].joined_on))
        )
        return senior_home

    def family(self) -> HouseholdPlan:
        surname = self.rng.choice(names.SURNAMES)
        head, spouse = self.couple(head_age=self.rng.randint(26, 50), surname=surname)
        mother = head if head.sex == "F" else spouse
        count = self.rng.choices((1, 2, 3, 4), (40, 40, 15, 5))[0]
        kids = self.children(parent_age=min(head.age(), spouse.age()), surname=surname, count=count)
        self.parents_represent(kids, mother, head if mother is spouse else spouse)
        return self.household(
            self.address(), (head, "head"), (spouse, "spouse"), *[(k, "child") for k in kids]
        )

    def single_parent(self) -> HouseholdPlan:
        sex = self.rng.choices("FM", (85, 15))[0]
        surname = self.rng.choice(names.SURNAMES)
        parent = self.polish_person(sex=sex, age=self.rng.randint(22, 48), surname=surname)
        kids = self.children(
            parent_age=parent.age(), surname=surname, count=self.rng.choices((1, 2), (65, 35))[0]
        )
        self.parents_represent(kids, parent)
        return self.household(self.address(), (parent, "head"), *[(k, "child") for k in kids])

    def multigeneration(self) -> HouseholdPlan:
        surname = self.rng.choice(names.SURNAMES)
        head, spouse = self.couple(head_age=self.rng.randint(30, 48), surname=surname)
        mother = head if head.sex == "F" else spouse
        kids = self.children(
            parent_age=min(head.age(), spouse.age()), surname=surname, count=self.rng.randint(1, 3)
        )
        self.parents_represent(kids, mother, head if mother is spouse else spouse)
        grandparent_sex = self.rng.choices("FM", (70, 30))[0]
        grandparent = self.polish_person(
            sex=grandparent_sex,
            age=max(60, head.age() + self.rng.randint(22, 34)),
            surname=surname if head.sex == "M" else self.rng.choice(names.SURNAMES),
        )
        return self.household(
            self.address(),
            (head, "head"),
            (spouse, "spouse"),
            *[(k, "child") for k in kids],
            (grandparent, "parent"),
        )

    def adult_single(self) -> HouseholdPlan:
        person = self.polish_person(
            sex=self.rng.choice("FM"),
            age=self.rng.randint(19, 59),
            surname=self.rng.choice(names.SURNAMES),
        )
        return self.household(self.address(), (person, "head"))

    def adult_couple(self) -> HouseholdPlan:
        head, spouse = self.couple(
            head_age=self.rng.randint(22, 58), surname=self.rng.choice(names.SURNAMES)
        )
        return self.household(self.address(), (head, "head"), (spouse, "spouse"))

    def refugee_family(self) -> HouseholdPlan:
        surname = self.rng.choice(names.UKRAINIAN_SURNAMES)
        mother_age = self.rng.randint(24, 46)
        mother = self.ukrainian_person(sex="F", age=mother_age, surname=surname)
        kids = [
            self.ukrainian_person(
                sex=self.rng.choice("FM"),
                age=self.rng.randint(0, min(17, mother_age - 19)),
                surname=surname,
            )
            for _ in range(self.rng.choices((1, 2, 3), (45, 40, 15))[0])
        ]
        kids.sort(key=lambda kid: kid.birth_date)
        members = [(mother, "head"), *[(kid, "child") for kid in kids]]
        if self.chance(0.25):
            grandmother = self.ukrainian_person(
                sex="F", age=mother_age + self.rng.randint(20, 30), surname=surname
            )
            members.append((grandmother, "parent"))
        self.parents_represent(kids, mother)
        plan = HouseholdPlan(self.address(blocks_only=True))
        arrived = self.day_between(dt.date(2022, 3, 1), dt.date(2024, 6, 30))
        for person, relation in members:
            plan.members.append(MemberPlan(person, relation, max(arrived, person.birth_date)))
        self.population.households.append(plan)
        return plan

    # --- special-category data and consents --------------------------------------------------

    def certificate(self, person: PersonPlan, since: dt.date) -> CertificatePlan:
        """A certificate issued in Starachowice, not before ``since``."""
        age = person.age()
        if age < 16:
            issued = self.day_between(
                max(since, person.birth_date + dt.timedelta(days=180)),
                REFERENCE_DATE - dt.timedelta(days=60),
            )
            until = min(_adult_on(person.birth_date, 16), issued + dt.timedelta(days=3 * 365))
            plan = CertificatePlan(
                person.key, "child", self.rng.choice(CHILD_SYMBOLS), issued, until
            )
            self.population.certificates.append(plan)
            return plan
        level = self.rng.choices(("light", "moderate", "significant"), (30, 45, 25))[0]
        earliest = max(_adult_on(person.birth_date, 16), dt.date(2008, 1, 1), since)
        latest = REFERENCE_DATE - dt.timedelta(days=60)
        valid_until: dt.date | None = None
        if age >= 60 and self.chance(0.45):  # permanent (na stałe)
            issued = self.day_between(earliest, latest)
        elif self.chance(0.8):  # current: issued in the last four years
            issued = self.day_between(max(earliest, dt.date(REFERENCE_DATE.year - 4, 1, 1)), latest)
            valid_until = _adult_on(issued, self.rng.randint(4, 7))
        else:  # expired and not yet renewed
            issued = self.day_between(earliest, dt.date(2019, 12, 31))
            valid_until = _adult_on(issued, self.rng.randint(2, 5))
        symbols = SENIOR_SYMBOLS if age >= 60 else ADULT_SYMBOLS
        plan = CertificatePlan(person.key, level, self.rng.choice(symbols), issued, valid_until)
        self.population.certificates.append(plan)
        return plan

    def special_data_and_consents(self, household: HouseholdPlan) -> None:
        """Certificates, health notes and consents for one household's members."""
        refugees = household.members[0].person.protection_status != ""
        # Refugees' Polish records start when they arrived (when they joined the household).
        arrived = household.members[0].joined_on if refugees else dt.date(2008, 1, 1)
        registers = self.chance(0.95 if refugees else 0.88)
        for member in household.members:
            person = member.person
            age = person.age()
            sensitive = significant = False
            certificate_chance = (
                0.24 if age >= 70 else 0.14 if age >= 60 else 0.05 if age >= 18 else 0.025
            )
            if self.chance(certificate_chance):
                sensitive = True
                significant = self.certificate(person, arrived).level == "significant"
            if age >= 60 and self.chance(0.3 if significant else 0.06):
                self.population.health_notes.append(
                    HealthNotePlan(person.key, self.rng.choice(HEALTH_NOTES))
                )
                sensitive = True
            if not (registers or sensitive):
                continue
            by: tuple[str, str, str] | None = None
            earliest = max(arrived, person.birth_date + dt.timedelta(days=14))
            # A child's consent is signed by a parent, a ward's by the court-appointed guardian.
            guardian = self.legal_representative.get(person.key)
            if guardian is not None and (age < 18 or guardian.basis == GUARDIAN_BASIS):
                by = (guardian.person_key, guardian.representative_key, guardian.kind)
                earliest = max(earliest, guardian.valid_from)
            given_at = self.registration_time(earliest)
            consents = [ConsentPlan(person.key, "services", given_at, by_representative=by)]
            if sensitive:
                consents.append(ConsentPlan(person.key, "special", given_at, by_representative=by))
            if person.phone and self.chance(0.55):
                withdrawn = None
                if self.chance(0.05):
                    withdrawn = given_at + dt.timedelta(days=self.rng.randint(30, 600))
                consents.append(ConsentPlan(person.key, "contact_sms", given_at, withdrawn))
            if person.email and self.chance(0.6):
                consents.append(ConsentPlan(person.key, "contact_email", given_at))
            if age >= 60 and not refugees and self.chance(0.45):
                consents.append(ConsentPlan(person.key, "eu_monitoring", given_at))
            if age >= 18 and self.chance(0.12):
                consents.append(ConsentPlan(person.key, "image", given_at))
            self.population.consents.extend(consents)

    # --- the whole town ---------------------------------------------------------------------

    def build(self, people: int) -> Population:
        kinds = [kind for kind, _ in HOUSEHOLD_KINDS]
        weights = [weight for _, weight in HOUSEHOLD_KINDS]
        while self.population.size < people:
            before = len(self.population.households)
            getattr(self, self.rng.choices(kinds, weights)[0])()
            for household in self.population.households[before:]:
                self.special_data_and_consents(household)
        return self.population


def build_population(people: int, seed: int = SEED) -> Population:
    """About ``people`` synthetic residents (whole households, so a few more)."""
    return _Builder(seed).build(people)
