"""Streets of Starachowice where the demo's synthetic residents live.

The street names are streets of Starachowice as named in the issue (not checked against the
TERYT ULIC register here, so the ULIC codes stay empty). The coordinates are approximate centroids
placed by hand around the town centre (about 51.04 N, 21.07 E) so that routing and maps have
plausible points; they are not surveyed, and each address gets a small per-building offset.
Which streets make up os. Wzgórze and os. Łazy is simplified to one street each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Street:
    name: str
    latitude: float
    longitude: float
    kind: str  # "blocks" (flats), "houses" (no flat numbers) or "mixed"
    buildings: int  # building numbers run 1..buildings
    weight: int  # how many households live here, relatively
    estate: str = ""  # the OSL estate the street belongs to, if any


STREETS: tuple[Street, ...] = (
    Street("Radomska", 51.0530, 21.0700, "mixed", 90, 6),
    Street("Kolejowa", 51.0405, 21.0850, "mixed", 40, 3),
    Street("Ostrowiecka", 51.0300, 21.0980, "blocks", 30, 9),
    Street("Moniuszki", 51.0470, 21.0650, "blocks", 20, 4),
    Street("Wierzbowa", 51.0560, 21.0590, "houses", 60, 3),
    Street("Harcerska", 51.0490, 21.0800, "blocks", 16, 4),
    Street("Armii Krajowej", 51.0370, 21.0760, "blocks", 40, 5),
    Street("Iłżecka", 51.0620, 21.0880, "mixed", 80, 3),
    Street("Staszica", 51.0440, 21.0720, "blocks", 20, 4),
    Street("Leśna", 51.0580, 21.0480, "houses", 70, 3),
    Street("Mickiewicza", 51.0450, 21.0630, "blocks", 24, 4),
    Street("Widok", 51.0415, 21.0560, "houses", 50, 2),
    Street("Szkolna", 51.0500, 21.0880, "blocks", 16, 3),
    Street("Kościelna", 51.0330, 21.0830, "mixed", 60, 3),
    Street("Źródłowa", 51.0360, 21.0600, "houses", 50, 2),
    Street("Majówka", 51.0260, 21.0720, "blocks", 24, 5),
    Street("Na Szlakach", 51.0300, 21.0550, "blocks", 20, 4),
    Street("Bugaj", 51.0640, 21.0640, "houses", 80, 3),
    Street("Wzgórze", 51.0240, 21.0870, "blocks", 26, 9, estate="Wzgórze"),
    Street("Łazy", 51.0200, 21.0650, "mixed", 70, 8, estate="Łazy"),
)
STREETS_BY_NAME = {street.name: street for street in STREETS}
BLOCK_STREETS = tuple(street for street in STREETS if street.kind != "houses")

# Roughly ±150 m around the centroid: 0.0014° of latitude, 0.0021° of longitude at 51° N.
_LAT_SPREAD, _LON_SPREAD = 0.0014, 0.0021


def building_position(street: Street, building: str) -> tuple[float, float]:
    """Coordinates of a building: the street's centroid plus an offset that is the same for
    every flat in the building and every run of the seed."""
    rng = random.Random(f"{street.name}|{building}")  # noqa: S311 - synthetic data, not security
    return (
        round(street.latitude + rng.uniform(-_LAT_SPREAD, _LAT_SPREAD), 6),
        round(street.longitude + rng.uniform(-_LON_SPREAD, _LON_SPREAD), 6),
    )
