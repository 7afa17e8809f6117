"""Benchmark of the weekly home-visit rounds: a generated week of 600 visits for 12 staff
(4 physiotherapists, 4 nurses, 4 handymen) in a town the size of Starachowice.

Run from the repository root::

    .venv/bin/python bench/visits.py                  # five weeks (seeds 1-5), 25 s each
    .venv/bin/python bench/visits.py --seeds 1 --seconds 10   # a quick look

Each week is generated in a town of about 32 km² around 51.04 N, 21.07 E (homes in six
neighbourhoods), travel by haversine × 1.3 at 30 km/h (``routing.travel``). The staff work
Monday to Friday, 7:30–15:30 (physiotherapists and nurses) or 8:00–16:00 (handymen), each from
their own home base (the centre's office or home). 200 visits per skill: physiotherapy 30–40
min, nursing 15–30 min, handyman jobs 20–50 min; each person is at home on one to three days
of the week, all day, in the morning (8–12) or in the afternoon (12–16); one nursing visit in
ten is a two-hour slot (e.g. an injection at 9–11) on every weekday.

For each week it plans with ``routing.rounds.solve`` (``--seconds`` of search, seed 1) and
with the plain OR-Tools model (``routing.rounds_ortools.solve``) for the same time, checks
both plans with ``routing.rounds.check`` (no visit outside its window, skills, hours) and
prints the time to plan (matrices included), the total travel, the visits left out, and the
same for OR-Tools. The targets, printed beside: a plan within 30 s with no visit outside its
window; travel no worse than OR-Tools on every week (when OR-Tools serves fewer visits, its
travel is not comparable and ours counts as better: serving a visit comes first). The exit
status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from opencus.routing import rounds, rounds_ortools  # noqa: E402
from opencus.routing.rounds import Problem, Visit, Window, Worker  # noqa: E402

TARGET_SECONDS = 30.0
CENTRE = (51.045, 21.072)
HALF_EW_KM, HALF_NS_KM = 3.2, 2.5
#: Neighbourhood centres (km east, km north of the centre) and their spread.
QUARTERS = [(-2.0, 1.2), (-0.8, -1.4), (0.4, 0.6), (1.6, -0.6), (2.3, 1.5), (-1.8, -1.8)]
DAYS = 5
SKILLS = {
    "physiotherapy": ((7 * 60 + 30, 15 * 60 + 30), (30, 40)),
    "nursing": ((7 * 60 + 30, 15 * 60 + 30), (15, 30)),
    "handyman": ((8 * 60, 16 * 60), (20, 50)),
}
PER_SKILL_WORKERS = 4
PER_SKILL_VISITS = 200


def _place(rng: random.Random, east: float, north: float, spread: float) -> tuple[float, float]:
    x = max(-HALF_EW_KM, min(HALF_EW_KM, rng.gauss(east, spread)))
    y = max(-HALF_NS_KM, min(HALF_NS_KM, rng.gauss(north, spread)))
    lat = CENTRE[0] + y / 111.2
    lon = CENTRE[1] + x / (111.2 * math.cos(math.radians(CENTRE[0])))
    return (lat, lon)


def week(seed: int) -> Problem:
    """A generated week (see the module docstring)."""
    rng = random.Random(seed)  # noqa: S311 - generated test data
    workers: list[Worker] = []
    visits: list[Visit] = []
    office = _place(rng, 0.0, 0.0, 0.01)
    for skill, (hours, durations) in SKILLS.items():
        for n in range(PER_SKILL_WORKERS):
            home = office if n == 0 else _place(rng, *rng.choice(QUARTERS), 0.8)
            windows = tuple(Window(d, float(hours[0]), float(hours[1])) for d in range(DAYS))
            workers.append(Worker(len(workers) + 1, home, frozenset({skill}), windows))
        for _ in range(PER_SKILL_VISITS):
            place = _place(rng, *rng.choice(QUARTERS), 0.7)
            duration = float(rng.randrange(durations[0], durations[1] + 1, 5))
            if skill == "nursing" and rng.random() < 0.1:
                start = float(rng.choice([8 * 60, 9 * 60, 12 * 60, 13 * 60]))
                windows = tuple(Window(d, start, start + 120) for d in range(DAYS))
            else:
                days = sorted(rng.sample(range(DAYS), rng.randint(1, 3)))
                spans = []
                for d in days:
                    part = rng.random()
                    span = (480, 960) if part < 0.4 else (480, 720) if part < 0.7 else (720, 960)
                    spans.append(Window(d, float(span[0]), float(span[1])))
                windows = tuple(spans)
            visits.append(Visit(len(visits) + 1, place, duration, skill, windows))
    return Problem(tuple(visits), tuple(workers))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--seconds", type=float, default=25.0, help="search time per plan")
    args = parser.parse_args()
    print(
        "week, ours_s, ours_km, ours_left_out, ortools_s, ortools_km, ortools_left_out,"
        " travel_vs_ortools"
    )
    slowest, worse, outside = 0.0, 0, 0
    for seed in args.seeds:
        problem = week(seed)
        started = time.perf_counter()
        travel = problem.travel()
        ours = rounds.solve(problem, seconds=args.seconds, seed=1, travel=travel)
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        theirs = rounds_ortools.solve(problem, seconds=args.seconds, travel=problem.travel())
        theirs_s = time.perf_counter() - started
        for plan in (ours, theirs):
            violations, _km, _min = rounds.check(problem, travel, plan)
            outside += sum("outside" in v for v in violations)
        if len(ours.left_out) < len(theirs.left_out):
            verdict = "better (serves more)"
        elif len(ours.left_out) > len(theirs.left_out):
            verdict, worse = "WORSE (serves fewer)", worse + 1
        elif ours.travel_km <= theirs.travel_km + 1e-9:
            verdict = f"{100 * (ours.travel_km / theirs.travel_km - 1):+.1f} %"
        else:
            verdict = f"WORSE {100 * (ours.travel_km / theirs.travel_km - 1):+.1f} %"
            worse += 1
        slowest = max(slowest, ours_s)
        print(
            f"{seed}, {ours_s:.1f}, {ours.travel_km:.1f}, {len(ours.left_out)}, {theirs_s:.1f},"
            f" {theirs.travel_km:.1f}, {len(theirs.left_out)}, {verdict}",
            flush=True,
        )
    weeks = len(args.seeds)
    print(f"time to plan: slowest {slowest:.1f} s (target <= {TARGET_SECONDS:.0f} s)")
    print(f"visits outside their window: {outside} (target 0)")
    print(f"travel no worse than OR-Tools: {weeks - worse}/{weeks} weeks (target {weeks}/{weeks})")
    return 0 if slowest <= TARGET_SECONDS and outside == 0 and worse == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
