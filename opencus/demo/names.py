"""Polish and Ukrainian names for the synthetic residents, by generation and sex."""

from __future__ import annotations

# First names common in each generation (people born before 1966, 1966–1999, from 2000).
FIRST_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "senior": {
        "F": (
            "Janina", "Krystyna", "Zofia", "Stanisława", "Jadwiga", "Halina", "Barbara",
            "Danuta", "Teresa", "Irena", "Helena", "Maria", "Genowefa", "Wanda", "Elżbieta",
            "Alicja", "Bożena", "Czesława", "Marianna", "Henryka", "Leokadia", "Regina",
            "Stefania", "Władysława",
        ),
        "M": (
            "Stanisław", "Jan", "Józef", "Tadeusz", "Henryk", "Zbigniew", "Kazimierz",
            "Jerzy", "Ryszard", "Edward", "Władysław", "Mieczysław", "Zdzisław", "Eugeniusz",
            "Czesław", "Wiesław", "Bogdan", "Marian", "Franciszek", "Andrzej", "Roman",
            "Leszek",
        ),
    },
    "adult": {
        "F": (
            "Anna", "Agnieszka", "Katarzyna", "Monika", "Magdalena", "Joanna", "Ewa",
            "Beata", "Małgorzata", "Marta", "Aleksandra", "Justyna", "Karolina", "Dorota",
            "Sylwia", "Renata", "Iwona", "Paulina", "Natalia", "Edyta",
        ),
        "M": (
            "Piotr", "Tomasz", "Paweł", "Marcin", "Krzysztof", "Michał", "Łukasz",
            "Grzegorz", "Mariusz", "Dariusz", "Rafał", "Adam", "Robert", "Jacek", "Sebastian",
            "Wojciech", "Artur", "Damian", "Kamil", "Przemysław",
        ),
    },
    "child": {
        "F": (
            "Zuzanna", "Julia", "Hanna", "Maja", "Lena", "Zofia", "Oliwia", "Alicja",
            "Amelia", "Laura", "Maria", "Natalia", "Wiktoria", "Pola", "Antonina", "Nikola",
            "Gabriela", "Emilia",
        ),
        "M": (
            "Jan", "Antoni", "Jakub", "Szymon", "Filip", "Aleksander", "Franciszek",
            "Mikołaj", "Wojciech", "Kacper", "Adam", "Stanisław", "Michał", "Igor", "Oskar",
            "Tymon", "Leon", "Bartosz",
        ),
    },
}  # fmt: skip

# Surnames in their masculine form; the feminine form is derived (``feminine``).
SURNAMES: tuple[str, ...] = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Wojciechowski", "Kwiatkowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski",
    "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel",
    "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk",
    "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran",
    "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski",
    "Wróblewski", "Jasiński", "Marciniak", "Bąk", "Zawadzki", "Sadowski", "Jakubowski",
    "Duda", "Włodarczyk", "Wilk", "Chmielewski", "Borkowski", "Sokołowski", "Szczepański",
    "Sawicki", "Lis", "Kucharski", "Kalinowski", "Wysocki", "Mazurek", "Kubiak",
    "Kołodziej", "Czarnecki", "Konieczny", "Sobczak", "Głowacki", "Krupa", "Wasilewski",
    "Sikorski", "Cieślak", "Kowalewski", "Gajewski", "Ziółkowski", "Banaś",
    "Żak", "Łukasik", "Skrzypczak", "Fijałkowski", "Gołębiowski", "Bielecki", "Kubicki",
    "Ślusarczyk", "Żurek", "Łączkowski", "Stańczyk", "Dziedzic", "Sowa", "Kosiński",
)  # fmt: skip


def feminine(surname: str) -> str:
    """The feminine form: Kowalski → Kowalska, Konieczny → Konieczna, Nowak → Nowak."""
    if surname.endswith(("ski", "cki", "dzki")):
        return surname[:-1] + "a"
    if surname.endswith("ny"):
        return surname[:-1] + "a"
    return surname


def surname_for(surname: str, sex: str) -> str:
    return feminine(surname) if sex == "F" else surname


# Ukrainian names as Polish offices write them (Polish transliteration).
UKRAINIAN_FIRST_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "adult": {
        "F": (
            "Ołena", "Natalia", "Tetiana", "Iryna", "Oksana", "Switłana", "Julia",
            "Kateryna", "Marija", "Ludmyła", "Hałyna", "Walentyna", "Nadija", "Wiktorija",
        ),
        "M": ("Ołeksandr", "Andrij", "Serhij", "Wołodymyr", "Mykoła", "Iwan", "Jurij"),
    },
    "child": {
        "F": ("Sofija", "Anna", "Wiktorija", "Daryna", "Polina", "Solomija", "Zlata"),
        "M": ("Maksym", "Artem", "Bohdan", "Dmytro", "Ołeksandr", "Mark", "Nazar", "Iwan"),
    },
}  # fmt: skip
# Surnames that do not change with sex, so mothers and sons share them without declension.
UKRAINIAN_SURNAMES: tuple[str, ...] = (
    "Kowalenko", "Szewczenko", "Bondarenko", "Tkaczenko", "Melnyk", "Kowalczuk",
    "Łysenko", "Marczenko", "Kuzmenko", "Romaniuk", "Sawczuk", "Hnatiuk", "Pawlenko",
    "Hrycenko", "Olijnyk", "Moroz", "Poliszczuk", "Krawczenko",
)  # fmt: skip
