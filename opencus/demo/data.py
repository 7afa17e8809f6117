"""The demo centre's catalogue, places, communities and staff, built from ``../shared/seeds/``.

What the seed articles name is used as named: the project „CUS – model integracji i rozwoju
usług społecznych w Starachowicach" (POWER 2014–2020, Działanie 2.8,
POWR.02.08.00-00-0062/20), its services, the client office on the ground floor of Galeria
Handlowa „Skałka" (tel. 533 848 489), the Senior+ places in the Galeria, the three OSL
communities and the powiat's Centrum Pomocy Uchodźcom run with spółdzielnia socjalna
„Integracja". Everything else — resolution numbers, journal references, building numbers,
coordinates, capacities, limits, hours — is illustrative and says so where a reader sees it.

The texts are Polish on purpose: they are the centre's content, stored in the database, not
interface strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Rule = dict[str, Any]

# --- The town ------------------------------------------------------------------------------

POSTCODE = "27-200"
LOCALITY = "Starachowice"
# TERYT TERC of the urban gmina Starachowice; the same as settings.OPENCUS_MUNICIPALITY_TERC.
TERC = "2611011"
# The SIMC locality code and ULIC street codes are left empty: we could not confirm them here
# and a wrong TERYT code is worse than none.
SIMC = ""

CONTACT_PHONE = "533 848 489"
CONTACT_EMAIL = "bok@cus-starachowice.example.org"
CPU_EMAIL = "uchodzcy@integracja-starachowice.example.org"

# --- Eligibility rules (the catalogue's rule format) ----------------------------------------
# {"all": [RULE, ...]} / {"any": [...]} / {"not": RULE}; a RULE is a group or
# {"attribute": NAME, ...parameters}. The attributes the seed uses:
RULE_ATTRIBUTES = frozenset(
    {"age", "resident", "disability", "child_in_household", "economically_inactive", "refugee"}
)


def attr(name: str, **params: Any) -> Rule:
    if name not in RULE_ATTRIBUTES:
        raise ValueError(f"unknown eligibility attribute {name!r}")
    return {"attribute": name, **params}


def all_of(*rules: Rule) -> Rule:
    return {"all": list(rules)}


def any_of(*rules: Rule) -> Rule:
    return {"any": list(rules)}


SENIOR_RESIDENT = all_of(attr("age", min=60), attr("resident"))
# Programme „Senior+": economically inactive people aged 60+ (M.P. 2021 poz. 10).
SENIOR_PLUS = all_of(attr("age", min=60), attr("economically_inactive"), attr("resident"))
REFUGEE = all_of(attr("refugee"))

# --- Places ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    weekdays: tuple[int, ...]  # 1 = Monday … 7 = Sunday
    opens: dt.time
    closes: dt.time
    note: str = ""


def hours(days: str, opens: str, closes: str, note: str = "") -> Hours:
    """``hours("1-5", "07:30", "15:30")`` or ``hours("2,4", …)``."""
    if "-" in days:
        first, last = (int(d) for d in days.split("-"))
        weekdays = tuple(range(first, last + 1))
    else:
        weekdays = tuple(int(d) for d in days.split(","))
    return Hours(weekdays, dt.time.fromisoformat(opens), dt.time.fromisoformat(closes), note)


@dataclass(frozen=True)
class LocationSpec:
    key: str
    name: str
    street: str
    building: str
    latitude: float
    longitude: float
    description: str = ""
    accessibility: str = ""
    phone: str = ""
    email: str = ""
    hours: tuple[Hours, ...] = ()


ILLUSTRATIVE_ADDRESS = (
    "Numer budynku i współrzędne są przykładowe (centrum demonstracyjne); "
    "przed użyciem produkcyjnym należy je sprawdzić."
)
GALERIA = "Galeria Handlowa „Skałka”"
# The Galeria was built by the town beside aleja Armii Krajowej (local press, 2010); the
# building number is ours.
GALERIA_STREET, GALERIA_BUILDING = "Armii Krajowej", "25"
GALERIA_LAT, GALERIA_LON = 51.0368, 21.0762
GALERIA_ACCESS = (
    "Wejście bez progów od strony parkingu, winda, toaleta dostosowana do potrzeb osób "
    "z niepełnosprawnościami (opis przykładowy)."
)

LOCATIONS: tuple[LocationSpec, ...] = (
    LocationSpec(
        key="bok",
        name="Biuro Obsługi Klienta CUS — Galeria Handlowa „Skałka”",
        street=GALERIA_STREET,
        building=GALERIA_BUILDING,
        latitude=GALERIA_LAT,
        longitude=GALERIA_LON,
        description=(
            "Parter Galerii Handlowej „Skałka”. Tu przyjmujemy zgłoszenia i wnioski na "
            "wszystkie usługi Centrum Usług Społecznych: osobiście, telefonicznie i e-mailem. "
            + ILLUSTRATIVE_ADDRESS
        ),
        accessibility=GALERIA_ACCESS,
        phone=CONTACT_PHONE,
        email=CONTACT_EMAIL,
        hours=(hours("1", "08:00", "17:00"), hours("2-5", "07:30", "15:30")),
    ),
    LocationSpec(
        key="dds",
        name="Dzienny Dom Senior+",
        street=GALERIA_STREET,
        building=GALERIA_BUILDING,
        latitude=GALERIA_LAT,
        longitude=GALERIA_LON,
        description=(
            "Ośrodek wsparcia dziennego dla seniorów w Galerii Handlowej „Skałka”: całodzienna "
            "opieka, zajęcia, gorący posiłek, dowóz busem „Taksówki dla Seniora”. "
            + ILLUSTRATIVE_ADDRESS
        ),
        accessibility=GALERIA_ACCESS,
        phone=CONTACT_PHONE,
        hours=(hours("1-5", "07:30", "15:30"),),
    ),
    LocationSpec(
        key="klub",
        name="Klub Senior+ „Niezapominajka”",
        street=GALERIA_STREET,
        building=GALERIA_BUILDING,
        latitude=GALERIA_LAT,
        longitude=GALERIA_LON,
        description=(
            "Sala klubu w Galerii Handlowej „Skałka”: codzienne zajęcia aktywizujące dla "
            "seniorów; tu spotyka się też Starachowicka Rada Seniorów. " + ILLUSTRATIVE_ADDRESS
        ),
        accessibility=GALERIA_ACCESS,
        hours=(hours("1-5", "10:00", "14:00"),),
    ),
    LocationSpec(
        key="e-seniorki",
        name="Kawiarenka e-Seniorek",
        street=GALERIA_STREET,
        building=GALERIA_BUILDING,
        latitude=GALERIA_LAT,
        longitude=GALERIA_LON,
        description=(
            "Przestrzeń edukacji cyfrowej w Galerii Handlowej „Skałka”: komputery, tablety, "
            "pomoc w obsłudze telefonu i usług internetowych. " + ILLUSTRATIVE_ADDRESS
        ),
        accessibility=GALERIA_ACCESS,
        hours=(hours("2,4", "10:00", "13:00"),),
    ),
    LocationSpec(
        key="kawiarenka",
        name="Kawiarenka Społeczna",
        street=GALERIA_STREET,
        building=GALERIA_BUILDING,
        latitude=GALERIA_LAT,
        longitude=GALERIA_LON,
        description=(
            "Miejsce spotkań mieszkańców miasta w Galerii Handlowej „Skałka”: spotkania "
            "sąsiedzkie, wydarzenia otwarte, konsultacje. " + ILLUSTRATIVE_ADDRESS
        ),
        accessibility=GALERIA_ACCESS,
        hours=(hours("1-5", "12:00", "18:00"),),
    ),
    LocationSpec(
        key="basen",
        name="Pływalnia miejska",
        street="Szkolna",
        building="8",
        latitude=51.0497,
        longitude=21.0893,
        description="Zajęcia „Nauka pływania” i „Aqua aerobik”. " + ILLUSTRATIVE_ADDRESS,
        accessibility="Szatnia i przebieralnia dla osób z niepełnosprawnościami, podnośnik do "
        "niecki basenowej (opis przykładowy).",
        hours=(hours("1-5", "06:00", "22:00"), hours("6,7", "08:00", "20:00")),
    ),
    LocationSpec(
        key="park",
        name="Park Kultury",
        street="Radomska",
        building="",
        latitude=51.0512,
        longitude=21.0688,
        description="Zajęcia ruchowe na świeżym powietrzu (program „Od-wagi”). "
        + ILLUSTRATIVE_ADDRESS,
    ),
    LocationSpec(
        key="kino",
        name="Kino Kultura",
        street="Radomska",
        building="21",
        latitude=51.0458,
        longitude=21.0716,
        description="Wejściówki dla seniorów na seanse z repertuaru kina. " + ILLUSTRATIVE_ADDRESS,
    ),
    LocationSpec(
        key="muzeum",
        name="Muzeum Przyrody i Techniki",
        street="Wielkopiecowa",
        building="1",
        latitude=51.0418,
        longitude=21.0795,
        description="Zwiedzanie z przewodnikiem i warsztaty muzealne. " + ILLUSTRATIVE_ADDRESS,
        hours=(hours("2-5", "09:00", "17:00"), hours("6,7", "10:00", "18:00")),
    ),
    LocationSpec(
        key="cpu",
        name="Centrum Pomocy Uchodźcom",
        street="Kolejowa",
        building="14",
        latitude=51.0406,
        longitude=21.0849,
        description=(
            "Centrum Pomocy Uchodźcom Powiatu Starachowickiego, prowadzone ze spółdzielnią "
            "socjalną „Integracja”. Obsługa po polsku i po ukraińsku. " + ILLUSTRATIVE_ADDRESS
        ),
        phone=CONTACT_PHONE,
        email=CPU_EMAIL,
        hours=(hours("1-5", "08:00", "16:00"),),
    ),
)

# --- Service cards --------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    units: int
    unit: str  # catalog.Unit
    period: str  # catalog.Period


@dataclass(frozen=True)
class ServiceSpec:
    slug: str
    name: str
    summary: str
    description: str
    areas: tuple[int, ...]
    target_groups: tuple[str, ...]
    target_group_description: str
    rules: Rule
    locations: tuple[str, ...]
    how_to_apply: str
    legal_basis: str
    capacity: int | None = None
    capacity_period: str = "programme"
    limits: tuple[Limit, ...] = ()
    hours: tuple[Hours, ...] = ()
    fee_kind: str = "free"
    fee_description: str = ""
    qualification_mode: str = "programme"
    #: "centre" for a service the centre delivers itself, recorded in ``centre_unit``.
    delivered_by: str = "providers"
    centre_unit: str = ""
    quality_standard: str = ""
    documents: str = ""
    contact_phone: str = CONTACT_PHONE
    contact_email: str = CONTACT_EMAIL


HOW_TO_APPLY_CUS = (
    "Zgłoszenia przyjmuje Biuro Obsługi Klienta Centrum Usług Społecznych na parterze Galerii "
    "Handlowej „Skałka” — osobiście, telefonicznie pod numerem 533 848 489 albo e-mailem. "
    "Wniosek może złożyć sama osoba, jej przedstawiciel ustawowy lub opiekun faktyczny. "
    "Pracownik rozpoznaje potrzeby (w biurze albo w domu), a o przyjęciu decyduje kolejność "
    "zgłoszeń w ramach limitu miejsc; gdy miejsc brak, wpisujemy na listę oczekujących. "
    "Kwalifikacja nie wymaga decyzji administracyjnej."
)
DOCUMENTS_CUS = (
    "Wniosek o skorzystanie z usług społecznych (formularz w Biurze Obsługi Klienta), dokument "
    "tożsamości do wglądu, orzeczenie o niepełnosprawności — jeśli jest, deklaracja uczestnictwa "
    "w projekcie współfinansowanym z Europejskiego Funduszu Społecznego."
)
LEGAL_CUS = (
    "Ustawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług "
    "społecznych (Dz.U. 2019 poz. 1818 z późn. zm.); program usług społecznych przyjęty uchwałą "
    "Rady Miejskiej w Starachowicach (dane uchwały w opisie programu są przykładowe)."
)
FREE_EU = (
    "Usługa bezpłatna — współfinansowana ze środków Europejskiego Funduszu Społecznego w ramach "
    "projektu „CUS – model integracji i rozwoju usług społecznych w Starachowicach”."
)
HOW_TO_APPLY_CPU = (
    "Zgłoszenie osobiście w Centrum Pomocy Uchodźcom, telefonicznie albo przez Biuro Obsługi "
    "Klienta CUS w Galerii Handlowej „Skałka” (tel. 533 848 489). Rozmawiamy po polsku i po "
    "ukraińsku; w razie potrzeby zapewniamy tłumacza. Звернутися можна особисто, телефоном "
    "або через Бюро обслуговування клієнтів CUS."
)
DOCUMENTS_CPU = (
    "Dokument tożsamości (paszport, karta pobytu albo inny dokument), a jeśli jest — numer "
    "PESEL ze statusem UKR. Brak numeru PESEL nie wyklucza z pomocy."
)
LEGAL_CPU = (
    "Ustawa z dnia 12 marca 2022 r. o pomocy obywatelom Ukrainy w związku z konfliktem zbrojnym "
    "na terytorium tego państwa; ustawa z dnia 27 kwietnia 2006 r. o spółdzielniach socjalnych; "
    "porozumienie Powiatu Starachowickiego z Gminą Starachowice (dane porozumienia przykładowe)."
)
FREE_CPU = "Usługa bezpłatna — finansowana ze środków pozyskanych przez Powiat Starachowicki."
CPU_TARGET = (
    "Uchodźcy z Ukrainy i inni cudzoziemcy objęci ochroną (ochrona czasowa, status uchodźcy, "
    "ochrona uzupełniająca) oraz osoby ubiegające się o ochronę, mieszkające w powiecie "
    "starachowickim."
)
SENIOR_TARGET = "Mieszkańcy Starachowic w wieku 60 lat i więcej."
HOME_VISIT_STANDARD = (
    "Wizyta w uzgodnionym przedziale czasu (potwierdzenie telefoniczne dzień wcześniej), "
    "wykonawca z identyfikatorem, karta wizyty podpisana przez mieszkańca, "
    "ankieta satysfakcji raz na kwartał (standard przykładowy)."
)
GROUP_STANDARD = (
    "Zajęcia prowadzi instruktor z uprawnieniami; lista obecności podpisywana na każdych "
    "zajęciach; grupa nie większa niż limit miejsc (standard przykładowy)."
)

SERVICES: dict[str, ServiceSpec] = {
    spec.slug: spec
    for spec in (
        ServiceSpec(
            slug="taksowka-dla-seniora",
            name="Taksówka dla Seniora",
            summary="Bezpłatny przewóz busem przystosowanym do przewozu osób na wózkach — do "
            "lekarza, urzędu, na zakupy i do Dziennego Domu Senior+.",
            description=(
                "Centrum Usług Społecznych kupiło samochód typu bus z możliwością przewozu osób "
                "z niepełnosprawnościami. Bus dowozi seniorów do Dziennego Domu Senior+, a także "
                "na przejazdy zamówione w ramach „Taksówki dla Seniora”: do przychodni i "
                "lekarza specjalisty, urzędu, banku, na cmentarz lub na zakupy na terenie "
                "Starachowic. Kierowca pomaga wsiąść i wysiąść; może jechać opiekun.\n\n"
                "Przejazd zamawia się w Biurze Obsługi Klienta co najmniej dwa dni robocze "
                "wcześniej."
            ),
            areas=(4, 6),
            target_groups=("seniors", "disabled"),
            target_group_description=SENIOR_TARGET
            + " Bus jest przystosowany do przewozu osób poruszających się na wózkach.",
            rules=SENIOR_RESIDENT,
            capacity=60,
            limits=(Limit(4, "ride", "month"),),
            hours=(hours("1-5", "07:00", "19:00"),),
            fee_description=FREE_EU + " Przejazd w jedną stronę to jeden przejazd.",
            quality_standard="Punktualność: odbiór najpóźniej 15 minut po umówionej godzinie; "
            "pojazd z rampą i pasami do mocowania wózka (standard przykładowy).",
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="zlota-raczka",
            name="Mobilny konserwator / Złota Rączka",
            summary="Drobne naprawy i prace gospodarcze w domu seniora: kran, gniazdko, "
            "karnisz, wymiana żarówki, uszczelnienie okna.",
            description=(
                "Konserwator przyjeżdża do domu i wykonuje drobne prace naprawcze i gospodarcze: "
                "usuwa awarie sprzętów i urządzeń domowych, wymienia żarówki i uszczelki, "
                "montuje karnisze, uchwyty i poręcze ułatwiające poruszanie się. Nie wykonuje "
                "prac wymagających uprawnień (gaz, instalacje elektryczne) ani remontów."
            ),
            areas=(4, 12),
            target_groups=("seniors", "disabled"),
            target_group_description=SENIOR_TARGET
            + " Także osoby ze znacznym stopniem niepełnosprawności.",
            rules=all_of(
                attr("resident"),
                any_of(attr("age", min=60), attr("disability", min_level="significant")),
            ),
            capacity=40,
            limits=(Limit(2, "visit", "month"),),
            hours=(hours("1-5", "08:00", "16:00"),),
            fee_description=FREE_EU + " Koszt drobnych materiałów pokrywa mieszkaniec.",
            quality_standard=HOME_VISIT_STANDARD,
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="mobilny-fizjoterapeuta",
            name="Mobilny fizjoterapeuta",
            summary="Rehabilitacja w domu: ćwiczenia, nauka chodzenia z pomocami, porady dla "
            "opiekunów.",
            description=(
                "Fizjoterapeuta prowadzi zajęcia usprawniające w domu mieszkańca: ćwiczenia "
                "po urazach i zabiegach, profilaktykę upadków, naukę korzystania z balkonika i "
                "kul, instruktaż dla rodziny. Na pierwszej wizycie ustala z mieszkańcem plan "
                "ćwiczeń."
            ),
            areas=(5, 6),
            target_groups=("seniors", "disabled"),
            target_group_description=SENIOR_TARGET
            + " Także osoby z umiarkowanym lub znacznym stopniem niepełnosprawności.",
            rules=all_of(
                attr("resident"),
                any_of(attr("age", min=60), attr("disability", min_level="moderate")),
            ),
            capacity=40,
            limits=(Limit(10, "visit", "programme"),),
            hours=(hours("1-5", "08:00", "18:00"),),
            fee_description=FREE_EU,
            quality_standard=HOME_VISIT_STANDARD,
            documents=DOCUMENTS_CUS + " Zaświadczenie lekarskie o braku przeciwwskazań.",
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="pielegniarka",
            name="Pielęgniarka",
            summary="Wizyty pielęgniarskie w domu: pomiary, opatrunki, pomoc w przyjmowaniu "
            "leków, edukacja zdrowotna.",
            description=(
                "Pielęgniarka odwiedza mieszkańca w domu: mierzy ciśnienie i cukier, zmienia "
                "opatrunki, pomaga uporządkować leki, uczy rodzinę pielęgnacji osoby leżącej. "
                "Usługa nie zastępuje świadczeń Narodowego Funduszu Zdrowia."
            ),
            areas=(5, 6),
            target_groups=("seniors", "disabled"),
            target_group_description=SENIOR_TARGET + " Także osoby z orzeczeniem o "
            "niepełnosprawności.",
            rules=all_of(attr("resident"), any_of(attr("age", min=60), attr("disability"))),
            capacity=30,
            limits=(Limit(4, "visit", "month"),),
            hours=(hours("1-5", "08:00", "16:00"),),
            fee_description=FREE_EU,
            quality_standard=HOME_VISIT_STANDARD,
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="broker-pracy",
            name="Broker Pracy / Doradca Rozwoju",
            summary="Indywidualne spotkania: bilans umiejętności, szukanie ofert, przygotowanie "
            "do rozmowy o pracę.",
            description=(
                "Broker pracy pomaga znaleźć zatrudnienie albo wrócić na rynek pracy: ocenia "
                "umiejętności, wyszukuje oferty i kursy, pomaga napisać CV i przygotować się do "
                "rozmowy, kontaktuje z pracodawcami i Powiatowym Urzędem Pracy."
            ),
            areas=(8, 14),
            target_groups=("unemployed", "seniors"),
            target_group_description="Pełnoletni mieszkańcy Starachowic pozostający bez pracy "
            "lub bierni zawodowo, także seniorzy, którzy chcą wrócić do pracy.",
            rules=all_of(attr("age", min=18), attr("resident")),
            capacity=20,
            limits=(Limit(6, "consultation", "programme"),),
            hours=(hours("2,4", "09:00", "15:00"),),
            fee_description=FREE_EU,
            # The centre's own job broker at the client office: no provider, no settlement.
            delivered_by="centre",
            centre_unit="consultation",
            quality_standard="Spotkanie trwa co najmniej 60 minut; po każdym spotkaniu "
            "uczestnik dostaje pisemne podsumowanie (standard przykładowy).",
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="od-wagi-dietetyk",
            name="Dietetyk — program zdrowotny „Od-wagi”",
            summary="Konsultacje dietetyczne: pomiary, plan żywienia, kontrola postępów.",
            description=(
                "W ramach programu zdrowotnego „Od-wagi” dietetyk przeprowadza wywiad "
                "żywieniowy, wykonuje pomiary (za zgodą uczestnika), układa plan żywienia i "
                "sprawdza postępy na kolejnych spotkaniach."
            ),
            areas=(5,),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=30,
            limits=(Limit(6, "consultation", "programme"),),
            hours=(hours("3", "10:00", "16:00"),),
            fee_description=FREE_EU,
            quality_standard="Pomiary tylko za pisemną zgodą uczestnika (standard przykładowy).",
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="od-wagi-trener-personalny",
            name="Trener personalny — program zdrowotny „Od-wagi”",
            summary="Zajęcia ruchowe z trenerem w Parku Kultury, dopasowane do wieku i kondycji.",
            description=(
                "Trener personalny prowadzi zajęcia ruchowe w małych grupach i indywidualnie: "
                "marsz z kijami, ćwiczenia wzmacniające i rozciągające, ćwiczenia równowagi. "
                "Zajęcia odbywają się w Parku Kultury, przy złej pogodzie w sali."
            ),
            areas=(5, 10),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=30,
            limits=(Limit(12, "session", "programme"),),
            hours=(hours("1,3,5", "09:00", "11:00"),),
            fee_description=FREE_EU,
            quality_standard=GROUP_STANDARD,
            documents=DOCUMENTS_CUS + " Zaświadczenie lekarskie o braku przeciwwskazań do ćwiczeń.",
            locations=("park",),
            how_to_apply=HOW_TO_APPLY_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="nauka-plywania",
            name="Nauka pływania",
            summary="Kurs pływania dla seniorów w małych grupach na pływalni miejskiej.",
            description=(
                "Kurs nauki i doskonalenia pływania prowadzony przez instruktora w grupach od 4 "
                "do 8 osób, dobranych według umiejętności. Kurs obejmuje 10 zajęć; nieobecność "
                "należy zgłosić dzień wcześniej."
            ),
            areas=(5, 10),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=24,
            limits=(Limit(10, "session", "quarter"),),
            hours=(hours("2,4", "09:00", "10:00"),),
            fee_description=FREE_EU,
            quality_standard=GROUP_STANDARD,
            documents=DOCUMENTS_CUS + " Oświadczenie o stanie zdrowia.",
            locations=("basen",),
            how_to_apply=HOW_TO_APPLY_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="aqua-aerobik",
            name="Aqua aerobik",
            summary="Ćwiczenia w wodzie z instruktorem, dwa razy w tygodniu po 45 minut.",
            description=(
                "Zajęcia aqua aerobiku w grupach do 15 osób: ćwiczenia w płytkiej wodzie, "
                "bezpieczne dla stawów. Miesięczny cykl to 8 zajęć."
            ),
            areas=(5, 10),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=30,
            limits=(Limit(8, "session", "month"),),
            hours=(
                hours("1,3", "10:00", "10:45", "grupa I"),
                hours("1,3", "11:00", "11:45", "grupa II"),
            ),
            fee_description=FREE_EU,
            quality_standard=GROUP_STANDARD,
            documents=DOCUMENTS_CUS + " Oświadczenie o stanie zdrowia.",
            locations=("basen",),
            how_to_apply=HOW_TO_APPLY_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="wejsciowki-kino-kultura",
            name="Wejściówki do Kina Kultura",
            summary="Bezpłatne wejściówki na seanse w Kinie Kultura.",
            description=(
                "Senior odbiera w Biurze Obsługi Klienta imienną wejściówkę na wybrany seans w "
                "Kinie Kultura i potwierdza jej odbiór podpisem."
            ),
            areas=(9,),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=100,
            limits=(Limit(2, "ticket", "month"),),
            fee_description=FREE_EU,
            locations=("kino", "bok"),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="muzeum-przyrody-i-techniki",
            name="Zwiedzanie i warsztaty w Muzeum Przyrody i Techniki",
            summary="Zwiedzanie z przewodnikiem i warsztaty muzealne dla grup seniorów.",
            description=(
                "Zwiedzanie Muzeum Przyrody i Techniki z przewodnikiem oraz warsztaty "
                "tematyczne (historia hutnictwa, przyroda regionu). Grupy do 15 osób."
            ),
            areas=(9,),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=60,
            limits=(Limit(1, "session", "month"),),
            hours=(hours("4", "10:00", "12:00", "warsztaty"),),
            fee_description=FREE_EU,
            locations=("muzeum",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="dzienny-dom-senior-plus",
            name="Dzienny Dom Senior+",
            summary="Całodzienne wsparcie i opieka dla seniorów: zajęcia, gorący posiłek, dowóz.",
            description=(
                "Dzienny Dom Senior+ w Galerii Handlowej „Skałka” jest czynny od poniedziałku "
                "do piątku co najmniej 8 godzin dziennie. Zapewnia pomoc w codziennym "
                "funkcjonowaniu, zajęcia aktywizujące, rehabilitacyjne i kulturalne, co "
                "najmniej jeden gorący posiłek dziennie oraz dowóz busem „Taksówki dla Seniora” "
                "dla osób z trudnościami w poruszaniu się."
            ),
            areas=(4, 5, 6),
            target_groups=("seniors",),
            target_group_description="Osoby nieaktywne zawodowo w wieku 60 lat i więcej, "
            "mieszkające w Starachowicach (program „Senior+”).",
            rules=SENIOR_PLUS,
            capacity=30,
            # Attendance is recorded per day: every day the home is open (Monday to Friday).
            limits=(Limit(5, "day", "week"),),
            hours=(hours("1-5", "07:30", "15:30"),),
            fee_kind="schedule",
            fee_description=(
                "Odpłatność ustala decyzja administracyjna według zasad z uchwały Rady Miejskiej "
                "w Starachowicach w sprawie odpłatności za pobyt w ośrodku wsparcia: zależy od "
                "dochodu w stosunku do kryterium dochodowego z ustawy o pomocy społecznej "
                "(od 1 stycznia 2025 r. 1010 zł dla osoby samotnie gospodarującej, 823 zł na "
                "osobę w rodzinie). Progi w demonstracji są przykładowe."
            ),
            qualification_mode="decision",
            quality_standard="Standard programu „Senior+”: oferta co najmniej 8 godzin dziennie "
            "od poniedziałku do piątku, co najmniej jeden gorący posiłek, lista obecności i "
            "rejestr posiłków prowadzone codziennie.",
            documents=(
                "Wniosek, zaświadczenie lekarskie o stanie zdrowia, dokumenty o dochodach do "
                "rodzinnego wywiadu środowiskowego, deklaracja uczestnictwa, zgoda na "
                "przetwarzanie wizerunku (dobrowolna)."
            ),
            locations=("dds",),
            how_to_apply=(
                "Wniosek składa się w Biurze Obsługi Klienta CUS (parter Galerii Handlowej "
                "„Skałka”, tel. 533 848 489). Pracownik socjalny przeprowadza rodzinny wywiad "
                "środowiskowy (w ciągu 14 dni roboczych, w pilnych sprawach 2 dni), a o "
                "skierowaniu i odpłatności rozstrzyga decyzja administracyjna."
            ),
            legal_basis=(
                "Ustawa z dnia 12 marca 2004 r. o pomocy społecznej (ośrodki wsparcia, art. 51; "
                "odpłatność, art. 97); Program wieloletni „Senior+” (M.P. 2021 poz. 10); "
                "uchwała Rady Miejskiej w Starachowicach w sprawie odpłatności (dane "
                "przykładowe)."
            ),
        ),
        ServiceSpec(
            slug="klub-senior-plus-niezapominajka",
            name="Klub Senior+ „Niezapominajka”",
            summary="Codzienne zajęcia aktywizujące dla seniorów: gimnastyka, rękodzieło, "
            "spotkania, wolontariat.",
            description=(
                "Klub Senior+ „Niezapominajka” w Galerii Handlowej „Skałka” prowadzi codzienne "
                "zajęcia aktywizujące: gimnastykę, rękodzieło, śpiew, spotkania z ciekawymi "
                "ludźmi, wycieczki i działania wolontariackie. Członkostwo na podstawie "
                "deklaracji, dopóki są wolne miejsca."
            ),
            areas=(9, 11),
            target_groups=("seniors",),
            target_group_description="Osoby nieaktywne zawodowo w wieku 60 lat i więcej, "
            "mieszkające w Starachowicach (program „Senior+”).",
            rules=SENIOR_PLUS,
            capacity=40,
            # Attendance is recorded per day (issue 9, item 12): a member may come on every day
            # the club is open, Monday to Friday; one place for the whole period would let
            # a provider record a single day.
            limits=(Limit(5, "day", "week"),),
            hours=(hours("1-5", "10:00", "14:00"),),
            fee_description="Członkostwo bezpłatne; koszt wycieczek ustala klub.",
            quality_standard="Standard programu „Senior+” dla klubu: co najmniej 20 godzin "
            "zajęć w tygodniu, lista obecności.",
            documents=(
                "Deklaracja członkowska, potwierdzenie zapoznania się z regulaminem, klauzula "
                "informacyjna o danych osobowych, zgoda na wizerunek (dobrowolna), "
                "zaświadczenie lekarskie do zajęć ruchowych."
            ),
            locations=("klub",),
            how_to_apply=HOW_TO_APPLY_CUS,
            legal_basis=LEGAL_CUS + " Program wieloletni „Senior+” (M.P. 2021 poz. 10).",
        ),
        ServiceSpec(
            slug="kawiarenka-e-seniorek",
            name="Kawiarenka e-Seniorek",
            summary="Nauka obsługi telefonu, komputera i usług internetowych przy kawie.",
            description=(
                "Przestrzeń edukacji cyfrowej: zajęcia w małych grupach i dyżury indywidualne — "
                "smartfon, rozmowy wideo, bankowość internetowa, Internetowe Konto Pacjenta, "
                "profil zaufany, bezpieczeństwo w sieci."
            ),
            areas=(7, 11),
            target_groups=("seniors",),
            target_group_description=SENIOR_TARGET,
            rules=SENIOR_RESIDENT,
            capacity=24,
            limits=(Limit(8, "session", "month"),),
            hours=(hours("2,4", "10:00", "13:00"),),
            fee_description=FREE_EU,
            quality_standard=GROUP_STANDARD,
            locations=("e-seniorki",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="kawiarenka-spoleczna",
            name="Kawiarenka Społeczna",
            summary="Otwarte miejsce spotkań mieszkańców: wydarzenia sąsiedzkie, rozmowy, "
            "konsultacje.",
            description=(
                "Kawiarenka Społeczna to miejsce spotkań mieszkańców miasta. Odbywają się tu "
                "wydarzenia otwarte, spotkania sąsiedzkie i konsultacje społeczne. Nie trzeba "
                "się zapisywać — liczymy tylko liczbę uczestników wydarzeń."
            ),
            areas=(11,),
            target_groups=("all-residents",),
            target_group_description="Wszyscy mieszkańcy Starachowic.",
            rules=all_of(attr("resident")),
            hours=(hours("1-5", "12:00", "18:00"),),
            fee_description="Wstęp wolny.",
            locations=("kawiarenka",),
            how_to_apply="Wystarczy przyjść w godzinach otwarcia. Informacje o wydarzeniach: "
            "Biuro Obsługi Klienta CUS, tel. 533 848 489.",
            legal_basis=LEGAL_CUS,
        ),
        ServiceSpec(
            slug="lokalny-klub-rodzinny",
            name="Lokalny Klub Rodzinny",
            summary="Spotkania rodziców z dziećmi do 5 lat: wspólna zabawa, rozmowy, wsparcie.",
            description=(
                "Cotygodniowe spotkania rodzin z małymi dziećmi w Kawiarence Społecznej: "
                "wspólna zabawa i zajęcia twórcze, rozmowy o budowaniu relacji z dzieckiem i "
                "wsparcie dla młodych rodziców. Prowadzi animatorka CUS, w grupie do 12 rodzin."
            ),
            areas=(1, 2),
            target_groups=("families",),
            target_group_description=(
                "Rodzice i opiekunowie dzieci do 5 lat mieszkający w Starachowicach."
            ),
            rules=all_of(attr("child_in_household", max_age=5), attr("resident")),
            capacity=12,
            limits=(Limit(4, "session", "month"),),
            hours=(hours("3", "16:00", "17:30"),),
            fee_description=FREE_EU,
            locations=("kawiarenka",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
            delivered_by="centre",
            centre_unit="session",
        ),
        ServiceSpec(
            slug="pomoc-wolontariusza",
            name="Pomoc wolontariusza",
            summary="Wolontariusz Centrum Wolontariatu pomoże w zakupach, sprawach do "
            "załatwienia albo dotrzyma towarzystwa.",
            description=(
                "Wolontariuszki i wolontariusze Centrum Wolontariatu CUS pomagają seniorom i "
                "osobom z niepełnosprawnościami w codziennych sprawach: robią zakupy, "
                "towarzyszą w drodze do lekarza lub urzędu, odwiedzają i rozmawiają. "
                "Koordynatorka wolontariatu dobiera wolontariusza do potrzeb i umawia pierwszą "
                "wizytę. Pomoc jest bezpłatna."
            ),
            areas=(5, 11),
            target_groups=("seniors", "disabled"),
            target_group_description=(
                "Mieszkańcy Starachowic w wieku 60+ oraz osoby ze znacznym lub umiarkowanym "
                "stopniem niepełnosprawności."
            ),
            rules=all_of(
                any_of(attr("age", min=60), attr("disability", min_level="moderate")),
                attr("resident"),
            ),
            hours=(hours("1-5", "08:00", "18:00"),),
            fee_description="Bezpłatnie.",
            locations=("bok",),
            how_to_apply=HOW_TO_APPLY_CUS,
            documents=DOCUMENTS_CUS,
            legal_basis=LEGAL_CUS,
            delivered_by="centre",
            centre_unit="hour",
        ),
        # --- Centrum Pomocy Uchodźcom (powiat, with spółdzielnia socjalna „Integracja”) ---
        ServiceSpec(
            slug="pomoc-w-sprawach-urzedowych",
            name="Pomoc w załatwianiu spraw urzędowych",
            summary="Wsparcie w urzędach: PESEL, karta pobytu, świadczenia, szkoła, lekarz.",
            description=(
                "Asystent pomaga przygotować i złożyć wnioski (PESEL, karta pobytu, świadczenia "
                "rodzinne, zapisy do szkoły i przedszkola, rejestracja u lekarza), a w razie "
                "potrzeby idzie z osobą do urzędu."
            ),
            areas=(4, 14),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            hours=(hours("1-5", "08:00", "16:00"),),
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="opieka-nad-dzieckiem-lub-osoba-niesamodzielna",
            name="Opieka nad dzieckiem lub osobą niesamodzielną",
            summary="Opieka nad dzieckiem albo osobą niesamodzielną, gdy opiekun jest na "
            "kursie, w pracy lub w urzędzie.",
            description=(
                "Opiekunka zajmuje się dzieckiem lub osobą niesamodzielną w Centrum albo w domu, "
                "gdy opiekun uczestniczy w kursie, szuka pracy lub załatwia sprawy urzędowe."
            ),
            areas=(2, 4),
            target_groups=("refugees", "families", "carers"),
            target_group_description=CPU_TARGET + " Rodziny z dziećmi i opiekunowie osób "
            "niesamodzielnych.",
            rules=REFUGEE,
            capacity=15,
            limits=(Limit(40, "hour", "month"),),
            hours=(hours("1-5", "08:00", "16:00"),),
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="tlumaczenie-dokumentow",
            name="Tłumaczenie dokumentów",
            summary="Tłumaczenie dokumentów z języka ukraińskiego na polski i odwrotnie.",
            description=(
                "Tłumaczenie robocze dokumentów potrzebnych w urzędzie, szkole, u lekarza i u "
                "pracodawcy; pomoc w zamówieniu tłumaczenia przysięgłego, gdy jest wymagane."
            ),
            areas=(4, 14),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="kursy-jezyka-polskiego",
            name="Kursy języka polskiego",
            summary="Kursy języka polskiego i inne zajęcia podnoszące kwalifikacje.",
            description=(
                "Kursy języka polskiego na poziomie podstawowym i średnio zaawansowanym, w "
                "grupach do 15 osób, oraz inne kursy pozwalające podnieść kwalifikacje i "
                "kompetencje."
            ),
            areas=(7, 14),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            capacity=45,
            hours=(hours("1,3", "16:30", "18:00"),),
            fee_description=FREE_CPU,
            quality_standard=GROUP_STANDARD,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="porady-psychologiczne",
            name="Porady psychologiczne",
            summary="Rozmowa z psychologiem, także w języku ukraińskim.",
            description=(
                "Indywidualne konsultacje psychologiczne dla dorosłych i dzieci: wsparcie w "
                "kryzysie, po traumie wojennej, w adaptacji do nowego miejsca."
            ),
            areas=(4, 5),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            capacity=30,
            limits=(Limit(6, "consultation", "quarter"),),
            hours=(hours("2", "14:00", "18:00"),),
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="porady-prawne",
            name="Porady prawne",
            summary="Porady prawne: pobyt, praca, świadczenia, sprawy rodzinne.",
            description=(
                "Prawnik udziela porad w sprawach legalizacji pobytu, zatrudnienia, świadczeń, "
                "najmu mieszkania i spraw rodzinnych oraz pomaga przygotować pisma."
            ),
            areas=(4,),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            limits=(Limit(4, "consultation", "quarter"),),
            hours=(hours("4", "12:00", "16:00"),),
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="transport-na-spotkania-i-warsztaty",
            name="Transport na spotkania i warsztaty",
            summary="Dowóz na spotkania, warsztaty i kursy organizowane przez Centrum.",
            description=(
                "Organizujemy transport na spotkania, warsztaty i kursy Centrum Pomocy "
                "Uchodźcom, także dla osób mieszkających poza Starachowicami (Mirzec, Pawłów)."
            ),
            areas=(11, 14),
            target_groups=("refugees",),
            target_group_description=CPU_TARGET,
            rules=REFUGEE,
            capacity=20,
            limits=(Limit(8, "ride", "month"),),
            fee_description=FREE_CPU,
            locations=("cpu",),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
        ServiceSpec(
            slug="integracja-spoleczna-i-kulturalna",
            name="Integracja społeczna i kulturalna",
            summary="Spotkania, wycieczki i wydarzenia kulturalne dla rodzin z Ukrainy i "
            "mieszkańców.",
            description=(
                "Wspólne wydarzenia integracyjne: spotkania międzykulturowe, wycieczki, "
                "warsztaty dla dzieci, obchody świąt polskich i ukraińskich."
            ),
            areas=(9, 11, 14),
            target_groups=("refugees", "families"),
            target_group_description=CPU_TARGET + " Na wydarzenia zapraszamy też mieszkańców.",
            rules=REFUGEE,
            hours=(hours("6", "10:00", "14:00"),),
            fee_description=FREE_CPU,
            locations=("cpu", "kawiarenka"),
            how_to_apply=HOW_TO_APPLY_CPU,
            documents=DOCUMENTS_CPU,
            legal_basis=LEGAL_CPU,
            contact_email=CPU_EMAIL,
        ),
    )
}

# --- Programmes -----------------------------------------------------------------------------

CUS_PROJECT_NAME = "CUS – model integracji i rozwoju usług społecznych w Starachowicach"
POWER_FUNDING = (
    "Europejski Fundusz Społeczny — Program Operacyjny Wiedza Edukacja Rozwój 2014–2020, "
    "Oś priorytetowa II, Działanie 2.8 Rozwój usług społecznych świadczonych w środowisku "
    "lokalnym"
)
POWER_PROJECT = "POWR.02.08.00-00-0062/20"
SERVICES_2021 = (
    "taksowka-dla-seniora",
    "zlota-raczka",
    "mobilny-fizjoterapeuta",
    "pielegniarka",
    "broker-pracy",
    "od-wagi-dietetyk",
    "od-wagi-trener-personalny",
    "nauka-plywania",
    "aqua-aerobik",
    "wejsciowki-kino-kultura",
    "muzeum-przyrody-i-techniki",
)
REFUGEE_SERVICES = (
    "pomoc-w-sprawach-urzedowych",
    "opieka-nad-dzieckiem-lub-osoba-niesamodzielna",
    "tlumaczenie-dokumentow",
    "kursy-jezyka-polskiego",
    "porady-psychologiczne",
    "porady-prawne",
    "transport-na-spotkania-i-warsztaty",
    "integracja-spoleczna-i-kulturalna",
)


@dataclass(frozen=True)
class ProgrammeSpec:
    name: str
    description: str
    resolution_number: str
    resolution_date: dt.date
    journal_reference: str
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    funding: str
    eu_project_reference: str
    services: tuple[str, ...] = field(default=())


def programmes(today: dt.date) -> tuple[ProgrammeSpec, ...]:
    """The demo programmes. The current ones run from 1 January of this year to the end of the
    next, so the demo centre is always "today"; the 2021 edition keeps its real dates."""
    year = today.year
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
    return (
        ProgrammeSpec(
            name=CUS_PROJECT_NAME,
            description=(
                f"Program usług społecznych Gminy Starachowice na lata {year}–{year + 1}, "
                "kontynuacja programu z 2021 r. realizowanego w projekcie „CUS – model "
                "integracji i rozwoju usług społecznych w Starachowicach”. Obejmuje usługi dla "
                "seniorów (przewóz, usługi w domu, zajęcia ruchowe, kultura), Dzienny Dom "
                "Senior+, Klub Senior+ „Niezapominajka”, Kawiarenkę e-Seniorek i Kawiarenkę "
                "Społeczną.\n\nNumer i data uchwały oraz publikacja w dzienniku urzędowym są "
                "przykładowe (centrum demonstracyjne)."
            ),
            resolution_number=f"XIV/118/{year - 1} (przykładowy)",
            resolution_date=dt.date(year - 1, 11, 27),
            journal_reference=(
                f"Dz. Urz. Woj. Świętokrzyskiego {year - 1} poz. 4321 (przykładowe)"
            ),
            valid_from=start,
            valid_to=end,
            status="adopted",
            funding=POWER_FUNDING,
            eu_project_reference=POWER_PROJECT,
            services=(
                *SERVICES_2021,
                "dzienny-dom-senior-plus",
                "klub-senior-plus-niezapominajka",
                "kawiarenka-e-seniorek",
                "kawiarenka-spoleczna",
                "lokalny-klub-rodzinny",
                "pomoc-wolontariusza",
            ),
        ),
        ProgrammeSpec(
            name=f"{CUS_PROJECT_NAME} (edycja 2021–2022)",
            description=(
                "Pierwszy program usług społecznych w Starachowicach: wszedł w życie 4 sierpnia "
                "2021 r., usługi świadczono do marca 2022 r., potem ogłoszono kolejny nabór.\n\n"
                "Numer uchwały i publikacja w dzienniku urzędowym są przykładowe."
            ),
            resolution_number="XL/301/2021 (przykładowy)",
            resolution_date=dt.date(2021, 6, 24),
            journal_reference="Dz. Urz. Woj. Świętokrzyskiego 2021 poz. 2650 (przykładowe)",
            valid_from=dt.date(2021, 8, 4),
            valid_to=dt.date(2022, 3, 31),
            status="expired",
            funding=POWER_FUNDING,
            eu_project_reference=POWER_PROJECT,
            services=SERVICES_2021,
        ),
        ProgrammeSpec(
            name="Centrum Pomocy Uchodźcom",
            description=(
                "Centrum Pomocy Uchodźcom Powiatu Starachowickiego, prowadzone ze spółdzielnią "
                "socjalną „Integracja” — utworzoną przez Powiat w partnerstwie z gminami "
                "Starachowice, Mirzec i Pawłów — dla integracji międzykulturowej i wsparcia "
                "uchodźców z Ukrainy. Centrum Usług Społecznych przyjmuje zgłoszenia na "
                "podstawie porozumienia z Powiatem.\n\nNumer uchwały, publikacja i dane "
                "porozumienia są przykładowe."
            ),
            resolution_number=f"XII/95/{year - 1} (przykładowy)",
            resolution_date=dt.date(year - 1, 12, 18),
            journal_reference=f"Dz. Urz. Woj. Świętokrzyskiego {year} poz. 112 (przykładowe)",
            valid_from=start,
            valid_to=end,
            status="adopted",
            funding="Środki pozyskane przez Powiat Starachowicki; realizacja ze spółdzielnią "
            "socjalną „Integracja”",
            eu_project_reference="",
            services=REFUGEE_SERVICES,
        ),
    )


# --- Community organising (OSL) -------------------------------------------------------------
# Seeded as ``community.Community`` records by ``demo/community.py``. The seed's residents live
# on these streets too (see ``streets.py``), so the communities have members to find.


@dataclass(frozen=True)
class CommunitySpec:
    slug: str
    name: str
    kind: str  # "territorial" | "categorical"
    description: str
    streets: tuple[str, ...]
    criterion: Rule | None = None  # for a categorical community: who belongs


COMMUNITIES: tuple[CommunitySpec, ...] = (
    CommunitySpec(
        slug="os-wzgorze",
        name="Mieszkańcy osiedla Wzgórze",
        kind="territorial",
        description="Społeczność terytorialna: mieszkańcy os. Wzgórze.",
        streets=("Wzgórze",),
    ),
    CommunitySpec(
        slug="bloki-ostrowiecka",
        name="Mieszkańcy bloków przy ul. Ostrowieckiej",
        kind="territorial",
        description="Społeczność terytorialna: mieszkańcy bloków przy ul. Ostrowieckiej.",
        streets=("Ostrowiecka",),
    ),
    CommunitySpec(
        slug="seniorzy-os-lazy",
        name="Seniorzy z osiedla Łazy",
        kind="categorical",
        description="Społeczność kategorialna: seniorzy mieszkający na os. Łazy.",
        streets=("Łazy",),
        criterion=attr("age", min=60),
    ),
)
# The OSL team named in the seed (2021): an organiser, three social workers, three animators
# (cultural, sport-and-recreation, social) and an OSL expert-adviser.
OSL_ANIMATOR_SPECIALITIES = (
    "animacja kulturalna",
    "animacja sportowo-rekreacyjna",
    "animacja społeczna",
)

# --- Staff ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSpec:
    username: str  # the Role value (the Django group name)
    first_name: str
    last_name: str


# Fictional people; the real staff named in the seed articles are not used.
STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("director", "Barbara", "Zielińska"),
    StaffSpec("service_organiser", "Katarzyna", "Lis"),
    StaffSpec("coordinator", "Agnieszka", "Mazur"),
    StaffSpec("social_worker", "Monika", "Kaczmarek"),
    StaffSpec("client_office", "Joanna", "Sikora"),
    StaffSpec("dispatcher", "Marek", "Wilk"),
    StaffSpec("community_organiser", "Tomasz", "Bielecki"),
    StaffSpec("animator", "Natalia", "Sobczak"),
    StaffSpec("volunteer_coordinator", "Ewa", "Jaworska"),
    StaffSpec("provider_staff", "Paweł", "Górski"),
    StaffSpec("auditor", "Andrzej", "Michalski"),
    # The senior taxi's first driver (``demo/transport.py`` links the account to the driver).
    StaffSpec("driver", "Stanisław", "Kowalczyk"),
    # The mobile physiotherapist (``demo/visits.py`` links the account to a visiting worker).
    StaffSpec("visiting_staff", "Magdalena", "Wróbel"),
    # A volunteer of the volunteer centre (``demo/volunteering.py`` links the account).
    StaffSpec("volunteer", "Julia", "Kamińska"),
)
#: More accounts in a role beside its first one (username, first name, last name, role).
EXTRA_STAFF: tuple[tuple[StaffSpec, str], ...] = (
    (StaffSpec("kierowca2", "Piotr", "Dąbrowski"), "driver"),
)
ADMIN = StaffSpec("admin", "Administrator", "OpenCUS")
# One password for every demo login, so a demo is easy to drive. It must pass the project's
# password validators (the command checks); a role name inside it would fail the similarity
# check for the longer role names.
DEMO_PASSWORD = "Starachowice-2026"  # noqa: S105 - demo accounts only, printed by the command
STAFF_EMAIL_DOMAIN = "opencus.example.org"
