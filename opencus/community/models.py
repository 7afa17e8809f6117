"""Community organising (organizowanie społeczności lokalnej, OSL): the communities the centre
works with, their streets and resources, the OSL team assigned to each, the yearly plans
(versioned), and what happens: meetings and events, leaders, groups and residents' initiatives;
consultations with the requests they collect, the seniors' council with its members, terms and
opinions, and the residents' sense-of-influence survey.

A territorial community is a set of streets by TERYT street code (ULIC) and, where only some
buildings belong, their numbers; a categorical one is a group of people sharing a trait (the
seniors of os. Łazy), described in words. Nothing here is deleted: an assignment, a group or a
term ends on a date; a plan's change is a new version.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Programme, ProgrammeService
from opencus.community.capabilities import COMMUNITY_VIEW
from opencus.core.identifiers import validate_ulic
from opencus.core.models import Transition
from opencus.core.roles import has_capability
from opencus.intake.models import UnmetDemand
from opencus.people.models import Person


class CommunityKind(models.TextChoices):
    TERRITORIAL = "territorial", _("territorial")
    CATEGORICAL = "categorical", _("categorical")


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, user: Any) -> CommunityQuerySet:
        """The OSL team and the director see every community; no one else any."""
        return self if has_capability(user, COMMUNITY_VIEW) else self.none()


class Community(models.Model):
    """A local community the centre organises (społeczność lokalna): territorial (terytorialna,
    the residents of streets and blocks) or categorical (kategorialna, people sharing a trait)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CommunityKind.choices)
    description = models.TextField(_("description"), blank=True)
    who_belongs = models.CharField(
        _("who belongs"),
        max_length=250,
        blank=True,
        help_text=_("For a categorical community, e.g. residents aged 60 or more."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_note = models.CharField(_("source of the population"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommunityStreet(models.Model):
    """A street of a territorial community (ulica), by its TERYT street code (ULIC, the 5-digit
    SYM_UL) and, when only some of its buildings belong, their numbers ("1–12, 14a")."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="streets", verbose_name=_("community")
    )
    name = models.CharField(_("street"), max_length=120)
    ulic = models.CharField(
        _("TERYT street code (ULIC)"), max_length=5, blank=True, validators=[validate_ulic]
    )
    buildings = models.CharField(
        _("buildings"),
        max_length=250,
        blank=True,
        help_text=_("Leave empty when the whole street belongs."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("street of a community")
        verbose_name_plural = _("streets of communities")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name", "buildings"], name="community_street_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.buildings}".strip()


class ResourceKind(models.TextChoices):
    INSTITUTION = "institution", _("institution")
    NGO = "ngo", _("non-governmental organisation")
    PLACE = "place", _("place")
    BUSINESS = "business", _("business")


class Resource(models.Model):
    """A resource of the community (zasób): an institution, an NGO, a place to meet, a
    business — the resource map. A resource marked as a partner counts among the plan's
    partners."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="resources", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_partner = models.BooleanField(_("partner"), default=False)
    partner_since = models.DateField(_("partner since"), null=True, blank=True)

    class Meta:
        verbose_name = _("community resource")
        verbose_name_plural = _("community resources")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class TeamFunction(models.TextChoices):
    ORGANISER = "organiser", _("community organiser")
    SOCIAL_WORKER = "social_worker", _("social worker")
    ANIMATOR_CULTURAL = "animator_cultural", _("animator (cultural)")
    ANIMATOR_SPORT = "animator_sport", _("animator (sport and recreation)")
    ANIMATOR_SOCIAL = "animator_social", _("animator (social)")
    EXPERT = "expert", _("expert adviser")


class TeamAssignment(models.Model):
    """A member of the OSL team assigned to a community with their function (przydział do
    społeczności). Ended by a date, never deleted."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="team", verbose_name=_("community")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_assignments",
        verbose_name=_("team member"),
    )
    function = models.CharField(_("function"), max_length=20, choices=TeamFunction.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("team assignment")
        verbose_name_plural = _("team assignments")
        ordering = ["function", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="team_assignment_order",
            ),
        ]

    def __str__(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_function_display()})"


class OSLPlan(models.Model):
    """The yearly plan of organising a community (plan organizowania społeczności lokalnej).
    Its content is in versions: every saved change is a new ``OSLPlanVersion``; the plan row
    is the lock that numbers them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="plans", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2199)]
    )
    version_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("OSL plan")
        verbose_name_plural = _("OSL plans")
        ordering = ["community", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="osl_plan_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"


class OSLPlanVersion(Transition):
    """One saved version of an OSL plan (wersja planu): the diagnosis summary, goals, actions
    with their months (``actions``: ``[{"month": 3, "action": "…"}, …]``), partners, the
    indicators' targets (``targets``: ``{"meetings": 12, …}``) and the budget in złoty. Rows
    are only ever added; ``at`` and ``actor`` say who saved it when, ``note`` what changed."""

    plan = models.ForeignKey(OSLPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    diagnosis = models.TextField(_("diagnosis summary"))
    goals = models.TextField(_("goals"))
    actions = models.JSONField(_("actions and schedule"), default=list)
    partners = models.TextField(_("partners"), blank=True)
    targets = models.JSONField(_("indicator targets"), default=dict)
    budget = models.DecimalField(
        _("budget (PLN)"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )

    class Meta(Transition.Meta):
        verbose_name = _("OSL plan version")
        verbose_name_plural = _("OSL plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="osl_plan_version_once"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="osl_plan_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class EventKind(models.TextChoices):
    MEETING = "meeting", _("residents' meeting")
    EVENT = "event", _("community event")
    WORKSHOP = "workshop", _("workshop")
    ACTION = "action", _("community action")
    GROUP_MEETING = "group_meeting", _("group meeting")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class GroupKind(models.TextChoices):
    SELF_HELP = "self_help", _("self-help group")
    NEIGHBOURLY = "neighbourly", _("neighbourly group")
    VOLUNTEER = "volunteer", _("volunteer group")
    INITIATIVE = "initiative", _("initiative group")


class Group(models.Model):
    """A group formed in the community (grupa: samopomocowa, sąsiedzka, wolontariacka,
    inicjatywna). Whether it is still alive is read from its recorded meetings (events with
    the group) or an explicit end date."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="groups", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=GroupKind.choices)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="community_group_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """A meeting or event in the community (spotkanie, wydarzenie): when, where, what kind,
    how many took part (unique participants and total attendances), notes and decisions.
    Planned ahead, recorded as held on or after its day, or cancelled."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="events", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    day = models.DateField(_("date"), db_index=True)
    place = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("group"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    participants = models.PositiveIntegerField(_("unique participants"), default=0)
    attendances = models.PositiveIntegerField(_("total attendances"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting or event")
        verbose_name_plural = _("meetings and events")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendances__gte=models.F("participants")),
                name="event_attendances_cover_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.title or self.get_kind_display()}"

    @property
    def place_label(self) -> str:
        return self.place.name if self.place_id and self.place else self.place_text


class EventTransition(Transition):
    """One step of an event: planned, held (with the headcount), cancelled, counts changed."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=EventStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=EventStatus.choices)

    class Meta(Transition.Meta):
        verbose_name = _("event change")
        verbose_name_plural = _("event changes")


class EventParticipant(models.Model):
    """A named participant of an event (uczestnik): a person of the register, or a name."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="named")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("named participant")
        verbose_name_plural = _("named participants")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="event_participant_once",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="event_participant_named"
            ),
        ]

    def __str__(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.name


class EventPhoto(models.Model):
    """A photo of an event (zdjęcie), stored only with an image consent (zgoda na wykorzystanie
    wizerunku): of each person of the register pictured (``people``, each with a consent for
    the purpose "image" in force), or a signed consent note for the others. Never served by
    URL: a view checks who asks."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("photo"), upload_to="community/photos/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=200)
    people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("people pictured")
    )
    consent_note = models.TextField(_("signed consent"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption


class LeaderSource(models.TextChoices):
    EVENT = "event", _("came forward at a meeting or event")
    OUTREACH = "outreach", _("met in street or door-to-door work")
    RECOMMENDED = "recommended", _("recommended by residents")
    INSTITUTION = "institution", _("pointed out by an institution")
    CASEWORK = "casework", _("known from social work")
    SELF = "self", _("came forward on their own")


class Leader(models.Model):
    """A local leader (lider lokalny): a resident who leads others, and how they were found."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="leaders", verbose_name=_("community")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200)
    found_how = models.CharField(_("how found"), max_length=12, choices=LeaderSource.choices)
    found_on = models.DateField(_("found on"))
    active_in = models.CharField(_("active in"), max_length=250, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("local leader")
        verbose_name_plural = _("local leaders")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    """An initiative led by residents (inicjatywa mieszkańców): its initiators, partners,
    resources and result."""

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started"))
    initiators = models.TextField(_("initiators"))
    partners = models.TextField(_("partners"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("residents' initiative")
        verbose_name_plural = _("residents' initiatives")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


# --- Consultations ----------------------------------------------------------------------------


class Consultation(models.Model):
    """A consultation (konsultacja): of a draft programme, or a meeting with providers, NGOs
    and residents to assess services (such as the meeting of 15 December 2021): who took part,
    the topics, and the opinions and requests it collected."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme consulted"),
    )
    topics = models.TextField(_("topics"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def source_label(self) -> str:
        """How the unmet-demand register names this consultation as a request's source."""
        return f"{self.title} {self.held_on:%d.%m.%Y}"


class ParticipantKind(models.TextChoices):
    PROVIDER = "provider", _("service provider")
    NGO = "ngo", _("non-governmental organisation")
    INSTITUTION = "institution", _("public institution")
    COUNCIL = "council", _("seniors' council")
    RESIDENT = "resident", _("residents")
    STAFF = "staff", _("centre staff")


class ConsultationParticipant(models.Model):
    """Who took part, by organisation or role (uczestnik konsultacji), and how many."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="participants"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ParticipantKind.choices)
    name = models.CharField(_("organisation or role"), max_length=200)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        verbose_name = _("consultation participant")
        verbose_name_plural = _("consultation participants")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="consultation_count_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    OPINION = "opinion", _("opinion")
    REQUEST = "request", _("request for a service not offered")


class ConsultationEntry(models.Model):
    """An opinion or a request voiced at a consultation (opinia, postulat). A request for a
    service the programme does not offer is also in the unmet-demand register (``demand``);
    one about a service it offers is kept as an opinion on that service."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=8, choices=EntryKind.choices)
    text = models.CharField(_("what was said"), max_length=200)
    by = models.CharField(_("voiced by"), max_length=200, blank=True)
    service = models.ForeignKey(
        ProgrammeService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service concerned"),
    )
    demand = models.OneToOneField(
        UnmetDemand, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("opinion or request")
        verbose_name_plural = _("opinions and requests")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="opinion") | Q(demand__isnull=False),
                name="consultation_request_in_register",
            ),
        ]

    def __str__(self) -> str:
        return self.text


# --- Advisory bodies: the seniors' council ----------------------------------------------------


class Council(models.Model):
    """An advisory body the centre meets (ciało doradcze), such as the seniors' council
    (Starachowicka Rada Seniorów): its members serve in terms; its opinions concern
    programmes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    basis = models.CharField(_("legal basis"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilTerm(models.Model):
    """A term of office of a council (kadencja)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="terms")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="council_term_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y}–{self.ends_on:%Y}"


class CouncilMember(models.Model):
    """A member of a council in a term (członek rady): a person of the register or a named
    representative, and whom they represent."""

    term = models.ForeignKey(CouncilTerm, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200)
    represents = models.CharField(_("represents"), max_length=200, blank=True)
    role = models.CharField(_("role in the council"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CouncilOpinion(models.Model):
    """An opinion of a council on a programme (opinia rady)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="opinions")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    given_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    text = models.TextField(_("opinion"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("council opinion")
        verbose_name_plural = _("council opinions")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.council} {self.given_on:%d.%m.%Y}"


# --- The sense-of-influence survey ------------------------------------------------------------

#: The survey's statements, each answered from 1 (strongly disagree) to 5 (strongly agree).
SURVEY_QUESTIONS = (
    ("q1", _("I have an influence on what happens in my neighbourhood.")),
    ("q2", _("When residents act together, things change here.")),
    ("q3", _("I know whom to turn to with an idea for the neighbourhood.")),
    ("q4", _("My opinion is taken into account by the centre and the town.")),
)
LIKERT = (
    (1, _("strongly disagree")),
    (2, _("disagree")),
    (3, _("neither agree nor disagree")),
    (4, _("agree")),
    (5, _("strongly agree")),
)


class Survey(models.Model):
    """A round of the residents' sense-of-influence survey (badanie poczucia wpływu) in a
    community; responses are anonymous, entered by staff from the paper forms."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("community")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


def _likert() -> list[Any]:
    return [MinValueValidator(1), MaxValueValidator(5)]


class SurveyResponse(models.Model):
    """One anonymous response: no person, no account, only the answers."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    q1 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_likert())
    q2 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_likert())
    q3 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_likert())
    q4 = models.PositiveSmallIntegerField(null=True, blank=True, validators=_likert())

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(q1__isnull=True) | Q(q1__range=(1, 5)))
                    & (Q(q2__isnull=True) | Q(q2__range=(1, 5)))
                    & (Q(q3__isnull=True) | Q(q3__range=(1, 5)))
                    & (Q(q4__isnull=True) | Q(q4__range=(1, 5)))
                ),
                name="survey_answers_likert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"
