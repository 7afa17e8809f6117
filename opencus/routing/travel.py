"""Travel-time and distance matrices between real places (latitude, longitude in degrees).

- By default: the great-circle (haversine) distance times a detour factor (roads are not
  straight; 1.3 by default), driven at a configured average speed (km/h), gives minutes.
- When an OSRM server's URL is given (the apps pass the ``OSRM_URL`` setting): the server's
  ``table`` service (``/table/v1/{profile}/{lon,lat;...}?annotations=duration,distance``),
  with a timeout. When the server cannot answer (timeout, connection refused, an HTTP error,
  a malformed answer, a pair it cannot route), the matrices fall back to haversine and a
  warning in the log says so and why.

Distances are in kilometres and travel times in minutes, ``[i][j]`` from place ``i`` to ``j``.
Only the standard library is used (``urllib``).
"""

from __future__ import annotations

import json
import logging
import math
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
DEFAULT_DETOUR = 1.3
DEFAULT_SPEED_KMH = 30.0
DEFAULT_TIMEOUT = 5.0

#: A place as (latitude, longitude) in degrees.
Point = tuple[float, float]


@dataclass(frozen=True)
class Matrices:
    """Travel times (minutes) and distances (km) between places, and where they came from
    (``"osrm"`` or ``"haversine"``)."""

    travel: list[list[float]]
    distance: list[list[float]]
    source: str


class OsrmError(RuntimeError):
    """The OSRM server gave no usable answer."""


def haversine_km(a: Point, b: Point) -> float:
    """The great-circle distance between two places, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_matrices(
    points: Sequence[Point],
    detour: float = DEFAULT_DETOUR,
    speed_kmh: float = DEFAULT_SPEED_KMH,
) -> Matrices:
    """Road distance estimated as haversine × ``detour``; time = distance / ``speed_kmh``."""
    if detour <= 0 or speed_kmh <= 0:
        raise ValueError("the detour factor and the speed must be positive")
    distance = [[haversine_km(a, b) * detour for b in points] for a in points]
    travel = [[km / speed_kmh * 60.0 for km in row] for row in distance]
    return Matrices(travel=travel, distance=distance, source="haversine")


def osrm_matrices(
    points: Sequence[Point],
    url: str,
    timeout: float = DEFAULT_TIMEOUT,
    profile: str = "driving",
) -> Matrices:
    """Both matrices from an OSRM server's table service; raises :class:`OsrmError` when the
    server cannot give a complete answer in ``timeout`` seconds."""
    if not url.startswith(("http://", "https://")):
        raise OsrmError(f"not an http(s) URL: {url!r}")
    coordinates = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
    query = f"{url.rstrip('/')}/table/v1/{profile}/{coordinates}?annotations=duration,distance"
    try:
        with urllib.request.urlopen(query, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response open
        raise OsrmError(f"no answer from {url}: {error}") from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise OsrmError(f"no answer from {url}: {error}") from error
    if not isinstance(answer, dict) or answer.get("code") != "Ok":
        code = answer.get("code") if isinstance(answer, dict) else None
        raise OsrmError(f"{url} answered code {code!r}")
    durations, distances = answer.get("durations"), answer.get("distances")
    size = len(points)
    for name, table in (("durations", durations), ("distances", distances)):
        if (
            not isinstance(table, list)
            or len(table) != size
            or any(not isinstance(row, list) or len(row) != size for row in table)
        ):
            raise OsrmError(f"{url} answered without a {size}×{size} {name} table")
        if any(value is None for row in table for value in row):
            raise OsrmError(f"{url} cannot route between some of the places ({name})")
    assert isinstance(durations, list) and isinstance(distances, list)  # noqa: S101 - for mypy
    travel = [[float(seconds) / 60.0 for seconds in row] for row in durations]
    distance = [[float(metres) / 1000.0 for metres in row] for row in distances]
    return Matrices(travel=travel, distance=distance, source="osrm")


def matrices(
    points: Sequence[Point],
    osrm_url: str | None = None,
    detour: float = DEFAULT_DETOUR,
    speed_kmh: float = DEFAULT_SPEED_KMH,
    timeout: float = DEFAULT_TIMEOUT,
) -> Matrices:
    """OSRM's matrices when ``osrm_url`` is set and the server answers; otherwise haversine ×
    detour at the given speed (with a logged warning when OSRM was asked for and failed)."""
    if osrm_url:
        try:
            return osrm_matrices(points, osrm_url, timeout=timeout)
        except OsrmError as error:
            logger.warning(
                "OSRM table service failed, falling back to haversine distances "
                "(detour %.2f, %.0f km/h): %s",
                detour,
                speed_kmh,
                error,
            )
    return haversine_matrices(points, detour=detour, speed_kmh=speed_kmh)
