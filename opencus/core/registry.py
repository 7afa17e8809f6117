"""Open registries: what each app adds to the house without editing core (design.md).

Each app declares, from its ``AppConfig.ready``, its own

- **capabilities** — what a role may do (``capability``; the permission matrix and
  ``docs/permissions.md`` are built from them);
- **letter kinds** — the letters it writes to residents (``letter_kind``; their texts are
  ``LetterTemplate`` rows the organiser edits);
- **"my work" sections** — what waits for the user (``my_work_section``);
- **staff menu entries** — where its pages start (``menu_entry``);
- **timeline sources** — what it adds to the history on the person card
  (``timeline_source``).
- **search sources** — what the one search box in the staff header finds (``search_source``).
- **person card links** — where a person's services of each app are kept (``person_link_source``):
  e.g. "Senior taxi rides: 3 upcoming". The person card draws them with ``{% person_links
  person %}`` without naming the app.
- **calendar sources** — what an iCalendar feed of one of its records holds (``calendar_source``):
  a course's sessions, a worker's visits. Core issues and revokes the feeds' secret addresses
  and serves them (``core.calendars``) without naming the app.
- **case banner sources** — the deadlines shown at the top of every page of a person's case
  (``case_banner_source``): e.g. the days left of the 30 for an individual plan. The pages of
  lower apps (the person card, an application) draw them with ``{% case_banners person %}``
  (``core/templatetags/case.py``, template ``core/_case_banners.html``) and never name the
  app that wrote them.
- **programme opinion sources** — opinions given on a programme of social services
  (``programme_opinion_source``): e.g. the seniors' council's, recorded by community; the
  programme's page (in catalog) lists them without naming the app.

Core reads the registries (the matrix, the letter template pages, the "my work" page, the
menu, the staff search page and the case banners) and never names an app above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.apps import apps
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from opencus.core.roles import Role


class Capability(str):
    """A registered capability's name, e.g. ``"application.view"`` (made by ``capability``)."""

    __slots__ = ()

    @property
    def key(self) -> str:
        """The name as a template variable: ``can.application_view``."""
        return self.replace(".", "_")


@dataclass(frozen=True)
class CapabilitySpec:
    name: Capability
    label: str | Promise
    roles: frozenset[Role]
    app: str


_capabilities: dict[str, CapabilitySpec] = {}


def capability(name: str, label: str | Promise, roles: Iterable[Role], *, app: str) -> Capability:
    """Register a capability of ``app`` held by ``roles``; registering it again with the
    same roles (a module imported twice) is harmless, with others an error."""
    spec = CapabilitySpec(Capability(name), label, frozenset(roles), app)
    known = _capabilities.get(name)
    if known is not None and (known.roles, known.app) != (spec.roles, spec.app):
        raise ValueError(f"capability {name} is registered twice, differently")
    _capabilities[name] = spec
    return spec.name


def capabilities() -> list[CapabilitySpec]:
    """Every registered capability, app by app in the order of ``INSTALLED_APPS`` (each app's
    in the order it declares them)."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_capabilities.values(), key=lambda spec: order.get(spec.app, len(order)))


def capability_roles(name: str) -> frozenset[Role]:
    return _capabilities[name].roles


# --- Letter kinds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterKindSpec:
    value: str
    label: str | Promise
    app: str
    #: What the letter's text may use, shown beside the edit form: (placeholder, meaning).
    placeholders: tuple[tuple[str, str | Promise], ...] = ()
    #: Plain data for the preview of the letter's text, for a sample person of the given sex
    #: ("F" or "M"): the same keys as a real letter of this kind.
    sample: Callable[[str], dict[str, Any]] | None = None


_letter_kinds: dict[str, LetterKindSpec] = {}


def letter_kind(
    value: str,
    label: str | Promise,
    *,
    app: str,
    placeholders: Iterable[tuple[str, str | Promise]] = (),
    sample: Callable[[str], dict[str, Any]] | None = None,
) -> str:
    """Register a kind of letter an app writes (its text is a ``LetterTemplate``)."""
    _letter_kinds[value] = LetterKindSpec(value, label, app, tuple(placeholders), sample)
    return value


def letter_kind_sample(value: str, sex: str) -> dict[str, Any]:
    """The sample data a preview of ``value`` letters is filled with (empty if none)."""
    spec = _letter_kinds.get(value)
    return spec.sample(sex) if spec and spec.sample else {}


def letter_kind_placeholders(value: str) -> list[tuple[str, str | Promise]]:
    spec = _letter_kinds.get(value)
    return list(spec.placeholders) if spec else []


def letter_kind_choices() -> list[tuple[str, str | Promise]]:
    """The registered letter kinds as model field choices (a callable, so that a kind an app
    adds needs no change of core's models)."""
    return [(spec.value, spec.label) for spec in _letter_kinds.values()]


def letter_kind_label(value: str) -> str | Promise:
    spec = _letter_kinds.get(value)
    return spec.label if spec else value


# --- "My work" sections -----------------------------------------------------------------------


@dataclass
class WorkSection:
    """What one section of "my work" shows the user now: a title, the total waiting, the first
    rows, and the template that draws them (the section's own)."""

    key: str
    title: str | Promise
    template: str
    total: int
    rows: list[Any] = field(default_factory=list)
    more_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class WorkSectionSpec:
    key: str
    order: int
    build: Callable[[Any], WorkSection | None]
    app: str


_work_sections: dict[str, WorkSectionSpec] = {}


def my_work_section(
    key: str, build: Callable[[Any], WorkSection | None], *, order: int, app: str
) -> None:
    """Register a section of "my work": ``build(user)`` returns what waits for the user, or
    ``None`` when the section is not for them (their role lacks the capability)."""
    _work_sections[key] = WorkSectionSpec(key, order, build, app)


def my_work_sections(user: Any) -> list[WorkSection]:
    """The sections for ``user``, in their order, leaving out those not for them."""
    built = (spec.build(user) for spec in sorted(_work_sections.values(), key=_order))
    return [section for section in built if section is not None]


def _order(spec: WorkSectionSpec | MenuEntry | SearchSourceSpec) -> tuple[int, str]:
    return (spec.order, spec.key)


# --- The staff menu ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    #: Shown to users with this capability; ``None``: to every member of staff.
    capability: Capability | None
    app: str
    #: A further test of the user (e.g. "works for a provider now"); ``None``: none.
    show: Callable[[Any], bool] | None = None


_menu: dict[str, MenuEntry] = {}


def menu_entry(
    key: str,
    label: str | Promise,
    url_name: str,
    *,
    order: int,
    capability: Capability | None = None,
    app: str,
    show: Callable[[Any], bool] | None = None,
) -> None:
    """Register an entry of the staff menu: shown to users with ``capability`` (if named)
    for whom ``show(user)`` holds (if given)."""
    _menu[key] = MenuEntry(key, label, url_name, order, capability, app, show)


def menu_entries() -> list[MenuEntry]:
    return sorted(_menu.values(), key=_order)


# --- The person's timeline --------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """One event of a person's history on the card: when, who did it (a name, "" for the
    system), what kind of event it is (a label), what happened in words, and a page to open."""

    at: dt.datetime
    actor: str
    kind: str | Promise
    text: str
    url: str = ""


#: ``build(user, person, limit)`` gives at most ``limit`` of the newest events ``user`` may
#: see, read through the models' ``visible_to(user)``, in a fixed number of queries.
TimelineBuild = Callable[[Any, Any, int], list[TimelineEvent]]


@dataclass(frozen=True)
class TimelineSourceSpec:
    key: str
    build: TimelineBuild
    app: str


_timeline_sources: dict[str, TimelineSourceSpec] = {}


def timeline_source(key: str, build: TimelineBuild, *, app: str) -> None:
    """Register a source of the person card's timeline (applications, entitlements,
    deliveries…): each app reads its own rows, so the card (in people) names none of them."""
    _timeline_sources[key] = TimelineSourceSpec(key, build, app)


def person_timeline(user: Any, person: Any, *, limit: int) -> tuple[list[TimelineEvent], bool]:
    """The newest ``limit`` events of the person's history that ``user`` may see, newest
    first, from every registered source; and whether there are more."""
    events: list[TimelineEvent] = []
    for spec in sorted(_timeline_sources.values(), key=lambda spec: spec.key):
        events.extend(spec.build(user, person, limit + 1))
    events.sort(key=lambda event: event.at, reverse=True)
    return events[:limit], len(events) > limit


# --- The staff search -------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One thing found: what it is called, where it opens, and a line that tells it apart."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchHits:
    """What one source found for a query: the first hits, how many in all, and where the
    source's own page lists them all (``""``: it has none)."""

    hits: list[SearchHit]
    total: int
    more_url: str = ""

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)


@dataclass(frozen=True)
class SearchSourceSpec:
    key: str
    title: str | Promise
    #: ``search(user, query)``: what ``user`` may see that matches ``query``, or ``None`` when
    #: the source is not for the user (their roles lack its capability).
    search: Callable[[Any, str], SearchHits | None]
    order: int
    app: str


@dataclass(frozen=True)
class SearchGroup:
    """One source's part of the search page."""

    key: str
    title: str | Promise
    found: SearchHits


_search_sources: dict[str, SearchSourceSpec] = {}

#: How many hits of each source the search page lists (the rest through ``more_url``).
SEARCH_HITS = 10


def search_hits(
    rows: QuerySet[Any],
    hit: Callable[[Any], SearchHit],
    *,
    more_url: str = "",
    limit: int = SEARCH_HITS,
) -> SearchHits:
    """The first ``limit`` of ``rows`` (a queryset) as hits, and how many there are in all: one
    query when they fit on the page (``limit + 1`` rows are read), a count otherwise."""
    first = list(rows[: limit + 1])
    total = len(first) if len(first) <= limit else rows.count()
    return SearchHits([hit(row) for row in first[:limit]], total, more_url)


def search_source(
    key: str,
    title: str | Promise,
    *,
    search: Callable[[Any, str], SearchHits | None],
    order: int,
    app: str,
) -> None:
    """Register a source of the staff search (people, applications, providers…). Each source
    scopes its own rows to what the user may see (``visible_to``)."""
    _search_sources[key] = SearchSourceSpec(key, title, search, order, app)


def search_everywhere(user: Any, query: str) -> list[SearchGroup]:
    """Every source open to ``user``, in order, with what it found for ``query``."""
    groups = []
    for spec in sorted(_search_sources.values(), key=_order):
        found = spec.search(user, query)
        if found is not None:
            groups.append(SearchGroup(spec.key, spec.title, found))
    return groups


# --- Case banners -----------------------------------------------------------------------------

#: How urgent a banner is: drawn in colour *and* said in words (a tag "Overdue", "Due soon").
BannerTone = Literal["info", "warning", "overdue"]


@dataclass(frozen=True)
class CaseBanner:
    """One line at the top of the pages of a person's case: what runs and until when, in
    words ("Individual plan IPUS/1/2027: 12 days left of 30 (due 15.01.2027)"), a page to
    open and the link's words, and how urgent it is (``tone``)."""

    text: str
    url: str = ""
    link_text: str = ""
    tone: BannerTone = "info"


#: ``build(user, person)`` gives the banners ``user`` may see about ``person``, read through
#: the models' ``visible_to(user)``, in one or two queries whatever the case holds.
CaseBannerBuild = Callable[[Any, Any], list[CaseBanner]]


@dataclass(frozen=True)
class CaseBannerSourceSpec:
    key: str
    build: CaseBannerBuild
    app: str


_case_banner_sources: dict[str, CaseBannerSourceSpec] = {}


def case_banner_source(key: str, build: CaseBannerBuild, *, app: str) -> None:
    """Register a source of case banners (an app's deadlines for a person): the person card
    and the application page (in people and intake) show them without naming the app."""
    _case_banner_sources[key] = CaseBannerSourceSpec(key, build, app)


def case_banners(user: Any, person: Any) -> list[CaseBanner]:
    """Every banner about ``person`` that ``user`` may see, source by source (by key), each
    source's in its own order (the nearest deadline first)."""
    banners: list[CaseBanner] = []
    for spec in sorted(_case_banner_sources.values(), key=lambda spec: spec.key):
        banners.extend(spec.build(user, person))
    return banners


# --- Person card links --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonLink:
    """One line of the person card's "Services" section: the words of a link to an app's page
    about the person ("Senior taxi rides"), a short count or state beside it ("3 upcoming") and,
    optionally, an action ("Book a ride")."""

    text: str | Promise
    url: str
    note: str | Promise = ""
    action_text: str | Promise = ""
    action_url: str = ""


#: ``build(user, person)`` gives the links ``user`` may follow for ``person`` (none without the
#: capability), read through the models' ``visible_to(user)`` in one or two queries.
PersonLinkBuild = Callable[[Any, Any], list[PersonLink]]


@dataclass(frozen=True)
class PersonLinkSourceSpec:
    key: str
    build: PersonLinkBuild
    app: str
    order: int


_person_link_sources: dict[str, PersonLinkSourceSpec] = {}


def person_link_source(key: str, build: PersonLinkBuild, *, app: str, order: int = 50) -> None:
    """Register a source of person card links (an app's pages about one person): the person
    card (in people) shows them without naming the app."""
    _person_link_sources[key] = PersonLinkSourceSpec(key, build, app, order)


def person_links(user: Any, person: Any) -> list[PersonLink]:
    """Every link about ``person`` that ``user`` may follow, source by source (by order)."""
    links: list[PersonLink] = []
    for spec in sorted(_person_link_sources.values(), key=lambda spec: (spec.order, spec.key)):
        links.extend(spec.build(user, person))
    return links


# --- Opinions on a programme ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeOpinion:
    """An opinion given on a programme of social services (the seniors' council's, say): who
    gave it, when, its reference and words, and the page it is recorded on."""

    author: str
    given_on: dt.date
    text: str
    reference: str = ""
    url: str = ""


#: ``build(user, programme)`` gives the opinions on ``programme`` that ``user`` may read.
ProgrammeOpinionBuild = Callable[[Any, Any], list[ProgrammeOpinion]]


@dataclass(frozen=True)
class ProgrammeOpinionSourceSpec:
    key: str
    build: ProgrammeOpinionBuild
    app: str


_programme_opinion_sources: dict[str, ProgrammeOpinionSourceSpec] = {}


def programme_opinion_source(key: str, build: ProgrammeOpinionBuild, *, app: str) -> None:
    """Register a source of opinions on programmes: the programme's page (in catalog) shows
    them without naming the app that records them."""
    _programme_opinion_sources[key] = ProgrammeOpinionSourceSpec(key, build, app)


def programme_opinions(user: Any, programme: Any) -> list[ProgrammeOpinion]:
    """Every opinion on ``programme`` that ``user`` may read, the newest first."""
    found = [
        opinion
        for spec in _programme_opinion_sources.values()
        for opinion in spec.build(user, programme)
    ]
    return sorted(found, key=lambda opinion: opinion.given_on, reverse=True)


# --- Calendar sources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed: a stable ``uid`` (the same event keeps it when it moves), aware
    start and end, and the words a calendar shows."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""


#: ``events(object_id, first, last)`` gives the record's events from day ``first`` to ``last``
#: (both included); an unknown or withdrawn record gives none.
CalendarEvents = Callable[[str, dt.date, dt.date], list[CalendarEvent]]
#: ``may_issue(user, object_id)``: may ``user`` give out (and revoke) a feed of the record? It
#: returns the record's name for the feed, or None when not.
CalendarMayIssue = Callable[[Any, str], "str | None"]


@dataclass(frozen=True)
class CalendarSourceSpec:
    kind: str
    label: str | Promise
    events: CalendarEvents
    may_issue: CalendarMayIssue
    app: str
    sensitive: bool


_calendar_sources: dict[str, CalendarSourceSpec] = {}


def calendar_source(
    kind: str,
    label: str | Promise,
    *,
    events: CalendarEvents,
    may_issue: CalendarMayIssue,
    app: str,
    sensitive: bool = False,
) -> None:
    """Register a kind of iCalendar feed (``"activities.course"``): what its events are and who
    may give one out. ``sensitive``: the events tell something of people's health (who gets
    home nursing), so every read of such a feed is audited."""
    _calendar_sources[kind] = CalendarSourceSpec(kind, label, events, may_issue, app, sensitive)


def calendar_sources() -> dict[str, CalendarSourceSpec]:
    """The registered kinds of feeds, by kind."""
    return dict(_calendar_sources)


# --- Arrivals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    """Someone arriving at one of the centre's places on a day by a ride of another app (the
    senior taxi): who, the pickup time planned or promised, and the words to show ("Senior
    taxi, ride T-0042")."""

    person_id: int
    pickup_at: dt.datetime
    text: str


#: ``build(user, day, location_ids)`` gives who arrives on ``day`` at the catalogue places
#: ``location_ids``. The caller has already decided that ``user`` keeps a register there (the
#: day home's staff) and shows only its own members' lines.
ArrivalsBuild = Callable[[Any, dt.date, list[int]], list[Arrival]]


@dataclass(frozen=True)
class ArrivalsSourceSpec:
    key: str
    build: ArrivalsBuild
    app: str


_arrivals_sources: dict[str, ArrivalsSourceSpec] = {}


def arrivals_source(key: str, build: ArrivalsBuild, *, app: str) -> None:
    """Register a source of arrivals (the senior taxi's rides to a place): the day home's
    register (in activities) shows "comes by bus, pickup at …" without naming the app."""
    _arrivals_sources[key] = ArrivalsSourceSpec(key, build, app)


def arrivals(user: Any, day: dt.date, location_ids: list[int]) -> dict[int, list[Arrival]]:
    """Who arrives on ``day`` at the places ``location_ids``, by person id, each person's rides
    by pickup time, from every source (by key)."""
    found: dict[int, list[Arrival]] = {}
    if not location_ids:
        return found
    for spec in sorted(_arrivals_sources.values(), key=lambda spec: spec.key):
        for arrival in spec.build(user, day, location_ids):
            found.setdefault(arrival.person_id, []).append(arrival)
    for rides in found.values():
        rides.sort(key=lambda arrival: arrival.pickup_at)
    return found
