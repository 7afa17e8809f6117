"""Benchmark of the booking clerk's answer: which pickup windows a new ride can be promised on a
day already planned, in a town the size of Starachowice.

Run from the repository root::

    .venv/bin/python bench/booking.py                 # 250 questions on the default day
    .venv/bin/python bench/booking.py --queries 50    # a quick look
    .venv/bin/python bench/booking.py --seed 7 --solve-seconds 10

It generates a day in a town of about 32 km² around 51.04 N, 21.07 E (homes in six
neighbourhoods, a dozen common destinations: the hospital, clinics, the social-services office,
a day centre, shops, churches), travel by haversine × 1.3 at 30 km/h (``routing.travel``), one
depot, 5 vehicles (8 seats and 1 or 2 wheelchair places, shift 7:00–17:00) and 100 rides: 60 %
"pick me up at" with a 30-minute pickup window, 40 % "arrive by" an appointment with a 30-minute
arrival window; loads (seats, wheelchair places) of (1, 0), (2, 0), (0, 1) or (1, 1); at most
30 minutes of ride time beyond the direct ride. The new rides asked about are alike, but accept
a pickup an hour either side of the desired time, 3 % are two wheelchair users together and 5 %
ask about the end of the day (some after the shifts). It plans the day with
``routing.solver.solve`` (fixed seed), prepares it once as an ``insertion.PreparedDay`` and
then asks, for each of ``--queries`` new random rides, for the windows to promise
(``PreparedDay.new_request`` with the haversine legs, then ``PreparedDay.windows``: 30-minute
windows on a 15-minute grid, at most 8). The clock runs from the new
ride's coordinates to the answer; the one-off compilation is done before (``warm_up``).

It prints the median and the 95th percentile against the targets (≤ 50 ms and ≤ 100 ms), and
checks every offered window with the independent checker (``routing.checker.check``) on the
day's instance extended by the new ride with the promise as its pickup window and the offer's
route: the mismatches must be 0. The exit status is 1 when a target is missed or a window
fails the check.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from opencus.routing import checker, insertion, solver  # noqa: E402
from opencus.routing.model import Instance, Node, Plan, Request, Vehicle, Window  # noqa: E402
from opencus.routing.travel import haversine_km, haversine_matrices  # noqa: E402

TARGET_MEDIAN_MS = 50.0
TARGET_P95_MS = 100.0
CENTRE = (51.045, 21.072)
#: Half the town's extent in km, east-west and north-south (6.4 km × 5 km = 32 km²).
HALF_EW_KM, HALF_NS_KM = 3.2, 2.5
DETOUR, SPEED_KMH = 1.3, 30.0
SHIFT = (7 * 60.0, 17 * 60.0)
WIDTH = 30.0
STEP = 15.0
LIMIT = 8
#: Neighbourhood centres (km east, km north of the centre) and their share of homes.
NEIGHBOURHOODS = [
    ((-1.8, 1.2), 0.22),
    ((0.3, 1.6), 0.18),
    ((1.9, 0.4), 0.18),
    ((-0.8, -0.9), 0.17),
    ((1.2, -1.6), 0.15),
    ((-2.4, -1.8), 0.10),
]
#: Common destinations (km east, km north).
DESTINATIONS = [
    (0.2, 0.1),  # the hospital
    (-0.4, 0.5),  # a clinic
    (1.1, 0.9),  # a clinic
    (0.0, -0.3),  # the social-services office
    (-1.2, 0.2),  # the day centre
    (0.8, -0.6),  # the market
    (-0.3, 1.1),  # a church
    (2.2, -0.2),  # a church
    (-1.9, -0.6),  # the rehabilitation centre
    (0.5, 0.4),  # the town hall
    (1.6, 1.4),  # a supermarket
    (-2.6, 1.7),  # the cemetery
]
DEPOT = (-0.6, -0.2)


def to_point(east_km: float, north_km: float) -> tuple[float, float]:
    lat = CENTRE[0] + north_km / 111.2
    lon = CENTRE[1] + east_km / (111.32 * 0.6293)  # cos(51.045°)
    return (lat, lon)


def home(rng: random.Random) -> tuple[float, float]:
    (x, y), _ = rng.choices(NEIGHBOURHOODS, weights=[w for _, w in NEIGHBOURHOODS])[0]
    east = min(HALF_EW_KM, max(-HALF_EW_KM, rng.gauss(x, 0.6)))
    north = min(HALF_NS_KM, max(-HALF_NS_KM, rng.gauss(y, 0.5)))
    return to_point(east, north)


def destination(rng: random.Random) -> tuple[float, float]:
    if rng.random() < 0.75:
        x, y = rng.choice(DESTINATIONS)
        return to_point(x + rng.gauss(0, 0.05), y + rng.gauss(0, 0.05))
    return home(rng)


def minutes(km: float) -> float:
    return km * DETOUR / SPEED_KMH * 60.0


class Ride:
    """A ride as the booking form has it."""

    def __init__(self, rng: random.Random, *, booked: bool) -> None:
        self.pickup = home(rng) if rng.random() < 0.8 else destination(rng)
        self.dropoff = destination(rng) if rng.random() < 0.8 else home(rng)
        while haversine_km(self.pickup, self.dropoff) < 0.3:
            self.dropoff = destination(rng)
        # New questions also include two wheelchair users together (only 2 vehicles can).
        loads, weights = (
            [(1, 0), (2, 0), (0, 1), (1, 1), (0, 2)],
            [70, 15, 10, 5, 0 if booked else 3],
        )
        self.load = rng.choices(loads, weights=weights)[0]
        wheelchair = self.load[1] > 0
        self.service = (5.0, 4.0) if wheelchair else (3.0, 2.0)
        direct = minutes(haversine_km(self.pickup, self.dropoff))
        self.max_ride = 30.0 + direct
        self.arrive_by = rng.random() < 0.4
        late = 0.0 if booked else 0.05  # questions about the end of the day, some too late
        chance = rng.random()
        if chance < late:
            when = rng.uniform(960.0, 1050.0)
        elif chance < 0.65:
            when = rng.uniform(450.0, 720.0)
        else:
            when = rng.uniform(720.0, 960.0)
        when = round(when / 5.0) * 5.0
        if self.arrive_by:
            appointment = when + 30.0
            self.dropoff_window = Window(appointment - 30.0, appointment)
            self.pickup_window = Window(SHIFT[0], appointment)
            self.desired: float | None = None
        else:
            self.dropoff_window = Window()
            # A booked ride has its promise; a new one accepts an hour either side.
            self.pickup_window = (
                Window(when, when + WIDTH) if booked else Window(when - 60, when + 60)
            )
            self.desired = when if not booked else None

    def nodes(self, first_id: int) -> tuple[Node, Node]:
        """The pickup and drop-off nodes (``x`` longitude, ``y`` latitude, as the transport
        app's adapter builds them)."""
        (lat, lon), (lat2, lon2) = self.pickup, self.dropoff
        return (
            Node(first_id, lon, lat, self.service[0], self.pickup_window),
            Node(first_id + 1, lon2, lat2, self.service[1], self.dropoff_window),
        )


def make_day(seed: int, rides: int) -> Instance:
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    trips = [Ride(rng, booked=True) for _ in range(rides)]
    depot = to_point(*DEPOT)
    points = [depot] + [t.pickup for t in trips] + [t.dropoff for t in trips]
    nodes = [Node(0, depot[1], depot[0], 0.0, Window(*SHIFT))]
    nodes += [t.nodes(r + 1)[0] for r, t in enumerate(trips)]
    nodes += [replace(t.nodes(rides + r)[1], id=rides + r + 1) for r, t in enumerate(trips)]
    requests = [Request(r, r + 1, rides + r + 1, t.load, t.max_ride) for r, t in enumerate(trips)]
    vehicles = [
        Vehicle(k, (8, 2 if k < 2 else 1), 0, 0, Window(*SHIFT), SHIFT[1] - SHIFT[0])
        for k in range(5)
    ]
    matrices = haversine_matrices(points, detour=DETOUR, speed_kmh=SPEED_KMH)
    return Instance("starachowice", nodes, requests, vehicles, matrices.travel, matrices.distance)


def extended(instance: Instance, ride: Ride, window: Window) -> tuple[Instance, Request]:
    """The day's instance with the new ride added (pickup window = the promise), its legs
    computed again in plain Python, independently of ``PreparedDay.haversine_legs``."""
    size = len(instance.nodes)
    pickup, dropoff = ride.nodes(size)
    pickup = Node(size, pickup.x, pickup.y, pickup.service, window)
    nodes = [*instance.nodes, pickup, dropoff]
    points = [(n.y, n.x) for n in nodes]
    travel = [row[:] for row in instance.travel]
    distance = [row[:] for row in instance.distance]
    new_rows = [[haversine_km(points[k], b) * DETOUR for b in points] for k in (size, size + 1)]
    for i in range(size):
        distance[i] += [haversine_km(points[i], points[size + k]) * DETOUR for k in (0, 1)]
        travel[i] += [km / SPEED_KMH * 60.0 for km in distance[i][size:]]
    distance += new_rows
    travel += [[km / SPEED_KMH * 60.0 for km in row] for row in new_rows]
    request = Request(len(instance.requests), size, size + 1, ride.load, ride.max_ride)
    new = Instance(
        instance.name, nodes, [*instance.requests, request], instance.vehicles, travel, distance
    )
    return new, request


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--rides", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--solve-seconds", type=float, default=5.0)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    instance = make_day(args.seed, args.rides)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    plan = solver.solve(instance, seconds=args.solve_seconds, seed=1)
    solved = time.perf_counter() - started
    verdict = checker.check(instance, plan)
    stops = [len(route) for route in plan.routes]
    print(
        f"Day: {args.rides} rides, {len(instance.vehicles)} vehicles, generated in "
        f"{generated:.1f} s; solved in {solved:.1f} s: {verdict.served} served, "
        f"{len(plan.unserved)} unserved, {verdict.cost:.1f} km, stops per vehicle {stops}, "
        f"checker {'feasible' if verdict.feasible else 'INFEASIBLE'}",
        flush=True,
    )

    insertion.warm_up()
    started = time.perf_counter()
    day = insertion.PreparedDay(instance, plan, detour=DETOUR, speed_kmh=SPEED_KMH)
    prepared_ms = (time.perf_counter() - started) * 1000

    rng = random.Random(args.seed + 1)  # noqa: S311 - reproducible questions
    rides = [Ride(rng, booked=False) for _ in range(args.queries)]
    timings: list[float] = []
    answers = []
    for ride in rides:
        pickup, dropoff = ride.nodes(-1)
        t0 = time.perf_counter()
        request = day.new_request(pickup, dropoff, ride.load, ride.max_ride)
        answer = day.windows(request, width=WIDTH, step=STEP, limit=LIMIT, desired=ride.desired)
        timings.append((time.perf_counter() - t0) * 1000)
        answers.append(answer)

    # Every offered window, checked independently.
    offered = mismatches = 0
    reasons: collections.Counter[str] = collections.Counter()
    closest: list[float] = []
    for ride, answer in zip(rides, answers, strict=True):
        for code in {reason.code for reason in answer.reasons}:
            reasons[code] += 1
        if answer.offers:
            best = answer.offers[0]
            closest.append(abs((best.start + best.end) / 2 - answer.desired))
        for offer in answer.offers:
            offered += 1
            new_instance, request = extended(instance, ride, offer.window())
            routes = [list(route) for route in plan.routes]
            routes[offer.vehicle] = offer.route(plan, request)
            result = checker.check(new_instance, Plan(routes=routes, unserved=plan.unserved))
            if not result.feasible:
                mismatches += 1
                print(f"  MISMATCH {offer}: {result.violations[:2]}", flush=True)

    # For comparison, the way without a prepared day: the day's instance with the new ride,
    # its matrices from scratch (haversine_matrices of every place), then pickup_windows.
    plain: list[float] = []
    for ride in rides[:30]:
        t0 = time.perf_counter()
        size = len(instance.nodes)
        pickup, dropoff = ride.nodes(size)
        nodes = [*instance.nodes, pickup, dropoff]
        m = haversine_matrices([(n.y, n.x) for n in nodes], detour=DETOUR, speed_kmh=SPEED_KMH)
        request = Request(len(instance.requests), size, size + 1, ride.load, ride.max_ride)
        whole = Instance(
            "new", nodes, [*instance.requests, request], instance.vehicles, m.travel, m.distance
        )
        insertion.pickup_windows(
            whole, plan, request, width=WIDTH, step=STEP, limit=LIMIT, desired=ride.desired
        )
        plain.append((time.perf_counter() - t0) * 1000)

    median, p95 = statistics.median(timings), percentile(timings, 0.95)
    servable = sum(1 for answer in answers if answer.offers)
    ok_median, ok_p95, ok_check = (
        median <= TARGET_MEDIAN_MS,
        p95 <= TARGET_P95_MS,
        mismatches == 0,
    )
    print(
        f"Prepared the day (insertion.PreparedDay) in {prepared_ms:.1f} ms (once per plan version)"
    )
    print(
        f"Answer per new ride: median {median:.2f} ms (target ≤ {TARGET_MEDIAN_MS:.0f} ms) "
        f"{'PASS' if ok_median else 'FAIL'}; p95 {p95:.2f} ms (target ≤ {TARGET_P95_MS:.0f} ms) "
        f"{'PASS' if ok_p95 else 'FAIL'}; slowest {max(timings):.2f} ms; {len(timings)} questions"
    )
    print(
        f"Without the prepared day (matrices from scratch + pickup_windows, 30 questions): median "
        f"{statistics.median(plain):.1f} ms, p95 {percentile(plain, 0.95):.1f} ms"
    )
    print(
        f"Servable: {servable}/{len(answers)}; {offered} windows offered "
        f"({offered / max(servable, 1):.1f} per servable ride); the closest window's middle is "
        f"{statistics.median(closest) if closest else 0.0:.0f} min from the desired time "
        f"(median); reasons otherwise: {dict(reasons) or 'none'}"
    )
    print(
        f"Checker on every offered window: {mismatches} mismatches of {offered} (target 0) "
        f"{'PASS' if ok_check else 'FAIL'}"
    )
    return 0 if ok_median and ok_p95 and ok_check else 1


if __name__ == "__main__":
    sys.exit(main())
