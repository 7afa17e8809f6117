"""Eligibility rules as data: a small declarative rule set over a fixed registry of attributes.

A service's ``eligibility_rules`` (``ProgrammeService.eligibility_rules``, a JSON object) is one
of:

- ``{}`` — no conditions: everyone may use the service;
- a group ``{"all": [RULE, ...]}`` (every rule must hold) or ``{"any": [RULE, ...]}`` (at
  least one must hold);
- ``{"not": RULE}`` — the rule must not hold;
- a leaf ``{"attribute": NAME, ...params}`` over the registry below.

Groups and ``not`` nest. The registry is fixed in code; a rule set naming anything else, or
giving an attribute parameters it does not take, is rejected by ``validate_rules`` (the model
field's validator), so a stored rule set always evaluates.

The attributes (parameters in brackets; ages in whole years, bounds inclusive):

- ``age`` (``min``, ``max``, at least one): the age on the day is within the bounds;
- ``resident``: the address's TERYT TERC code is the municipality's
  (``settings.OPENCUS_MUNICIPALITY_TERC``);
- ``disability`` (``min_level``: light, moderate or significant; optional): a certificate
  valid on the day, not withdrawn, of at least that level (a child's certificate counts as
  light);
- ``child_in_household`` (``max_age``, required): another current member of the person's
  current household is younger than ``max_age`` on the day ("a child under N");
- ``economically_inactive``: the labour-market status is "economically inactive";
- ``refugee``: any protection status (temporary or international protection, or applying).

Every evaluation explains itself: ``eligibility_check`` returns one ``RuleOutcome`` per leaf
rule with the finding and the requirement in words, e.g. "Age on 23.11.2026: 67 — at least 60
required: met". The facts a check needs (certificates, household) are loaded once per check, at
most one query each, whatever the number of rules. An ``any`` group that is met lists only the
options that are met: an unmet alternative is no reason.

A rule on special-category data (``disability``) is explained in full (level, dates) only to a
reader with ``person.sensitive_view``, and that read is audited as theirs. Anyone else reads
only whether the condition is met ("Condition on the disability certificate: met"), and no
sensitive read is recorded for them. A check run with no user (a promotion from the waiting
list, a draw) is audited as the system's read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeGuard

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencus.core.audit import audit_record
from opencus.core.models import AuditAction
from opencus.core.roles import has_capability
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import (
    DISABILITY_LEVEL_RANK,
    DisabilityCertificate,
    DisabilityLevel,
    HouseholdMember,
    LabourStatus,
    Person,
    ProtectionStatus,
)

if TYPE_CHECKING:
    from opencus.catalog.models import ProgrammeService

Rules = Mapping[str, Any]

#: Deeper nesting than this is refused: no real programme needs it, and it bounds recursion.
MAX_DEPTH = 8
#: Ages are whole years; anything outside this range is a typing mistake.
MAX_AGE = 130
#: The levels a rule may require, lowest first (a child's certificate counts as "light").
RULE_LEVELS = (DisabilityLevel.LIGHT, DisabilityLevel.MODERATE, DisabilityLevel.SIGNIFICANT)


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one leaf rule, with the reason in words.

    ``alternative`` is true when the rule is one of the options of an ``any`` group: such a
    rule may fail while the person is still eligible through another option.
    """

    passed: bool
    text: str
    alternative: bool = False
    #: The rule reads special-category data (a disability certificate).
    special_category: bool = False


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    reasons: list[RuleOutcome]
    on: dt.date
    #: Whether the reasons give special-category content (level, dates) or, for a rule on
    #: such data, only whether it is met.
    special_category_shown: bool = False


# --- Facts about the person, loaded once per check -------------------------------------------


class PersonFacts:
    """What the rules read about a person on a day. Each related set is fetched at most once
    (or taken from ``prefetch_related`` caches), so a check costs a fixed number of queries."""

    def __init__(self, person: Person, on: dt.date) -> None:
        self.person = person
        self.on = on
        #: Set once the read of special-category data through these facts is audited, so a
        #: page checking many services writes one audit row, not one per service.
        self.special_read_audited = False

    @cached_property
    def certificates(self) -> list[DisabilityCertificate]:
        return list(self.person.disability_certificates.all())

    @cached_property
    def household_others(self) -> list[HouseholdMember] | None:
        """Current members of the person's current household other than the person, or
        ``None`` when the person is in no household."""
        if self.person.pk is None:
            return None
        # One query: the person's current membership and the other current members of the
        # same household, joined through the household.
        rows = list(
            HouseholdMember.objects.filter(
                household__members__person=self.person,
                household__members__left_on__isnull=True,
                left_on__isnull=True,
            ).select_related("person")
        )
        if not rows:
            return None
        return [row for row in rows if row.person_id != self.person.pk]


# --- The registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """What a leaf rule found (``met``), said in words: the ``finding`` about the person and
    the ``requirement`` of the rule (a noun phrase: "at least 60")."""

    met: bool
    finding: str
    requirement: str


ParamCheck = Callable[[Mapping[str, Any]], list[str]]


@dataclass(frozen=True)
class Attribute:
    name: str
    #: The parameters the attribute takes; any other key is an error.
    params: frozenset[str]
    check_params: ParamCheck
    describe: Callable[[Mapping[str, Any]], str]
    evaluate: Callable[[Mapping[str, Any], PersonFacts], Finding]
    #: Special-category data the attribute reads (for the audit log).
    reads_special_category: bool = False


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(day: dt.date) -> str:
    return dateformat.format(day, "d.m.Y")


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    return str(dict(choices.choices).get(value or "", value))


def _municipality() -> str:
    return str(settings.OPENCUS_MUNICIPALITY_NAME)


def _no_params(params: Mapping[str, Any]) -> list[str]:
    return []


# age -----------------------------------------------------------------------------------------


def _age_check(params: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    low, high = params.get("min"), params.get("max")
    for key, value in (("min", low), ("max", high)):
        if value is not None and not (_is_int(value) and 0 <= value <= MAX_AGE):
            errors.append(
                _('"%(param)s" must be a whole number of years from 0 to %(limit)d.')
                % {"param": key, "limit": MAX_AGE}
            )
    if low is None and high is None:
        errors.append(_('Give "min", "max" or both.'))
    elif _is_int(low) and _is_int(high) and low > high:
        errors.append(_('"min" must not be greater than "max".'))
    return errors


def _age_requirement(params: Mapping[str, Any]) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return _("%(min)d to %(max)d") % {"min": low, "max": high}
    if low is not None:
        return _("at least %(min)d") % {"min": low}
    return _("at most %(max)d") % {"max": high}


def _age_describe(params: Mapping[str, Any]) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return ngettext("Aged %(min)d to %(max)d", "Aged %(min)d to %(max)d", int(high)) % {
            "min": low,
            "max": high,
        }
    if low is not None:
        return ngettext("Aged %(min)d or over", "Aged %(min)d or over", int(low)) % {"min": low}
    top = int(high or 0)
    return ngettext("Aged %(max)d or under", "Aged %(max)d or under", top) % {"max": top}


def _age_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    low, high = params.get("min"), params.get("max")
    age = facts.person.age_on(facts.on)
    met = (low is None or age >= low) and (high is None or age <= high)
    return Finding(
        met=met,
        finding=_("Age on %(date)s: %(age)d") % {"date": _date(facts.on), "age": age},
        requirement=_age_requirement(params),
    )


# resident ------------------------------------------------------------------------------------


def _resident_describe(params: Mapping[str, Any]) -> str:
    return _("Lives in the municipality of %(municipality)s") % {"municipality": _municipality()}


def _resident_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    terc = facts.person.terc
    expected = str(settings.OPENCUS_MUNICIPALITY_TERC)
    if not terc:
        finding = _(
            'No municipality code (TERC) in the address: fill in the field "TERYT gmina code '
            "(TERC)\" in the person's details"
        )
    elif terc == expected:
        finding = _("Address in the municipality of %(municipality)s (TERC %(terc)s)") % {
            "municipality": _municipality(),
            "terc": terc,
        }
    else:
        finding = _("Address in another municipality (TERC %(terc)s)") % {"terc": terc}
    return Finding(
        met=bool(terc) and terc == expected,
        finding=finding,
        requirement=_("residence in the municipality of %(municipality)s")
        % {"municipality": _municipality()},
    )


# disability ----------------------------------------------------------------------------------


def _disability_check(params: Mapping[str, Any]) -> list[str]:
    level = params.get("min_level")
    if level is not None and level not in RULE_LEVELS:
        return [_('"min_level" must be one of: %(levels)s.') % {"levels": ", ".join(RULE_LEVELS)}]
    return []


def _level_label(level: str) -> str:
    return str(DisabilityLevel(level).label)


def _disability_describe(params: Mapping[str, Any]) -> str:
    level = params.get("min_level")
    if level is None:
        return _("Has a valid disability certificate")
    return _("Has a valid disability certificate of at least %(level)s level") % {
        "level": _level_label(level)
    }


def _disability_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    wanted = params.get("min_level")
    needed_rank = DISABILITY_LEVEL_RANK[DisabilityLevel(wanted)] if wanted else 1
    valid = [c for c in facts.certificates if c.is_valid_on(facts.on)]
    requirement = (
        _("a disability certificate of at least %(level)s level") % {"level": _level_label(wanted)}
        if wanted
        else _("a valid disability certificate")
    )
    if not valid:
        return Finding(
            met=False,
            finding=_("No disability certificate valid on %(date)s") % {"date": _date(facts.on)},
            requirement=requirement,
        )
    best = max(valid, key=lambda c: DISABILITY_LEVEL_RANK[DisabilityLevel(c.level)])
    return Finding(
        met=DISABILITY_LEVEL_RANK[DisabilityLevel(best.level)] >= needed_rank,
        finding=_("Disability certificate valid on %(date)s: %(level)s")
        % {"date": _date(facts.on), "level": best.get_level_display()},
        requirement=requirement,
    )


# child_in_household --------------------------------------------------------------------------


def _child_check(params: Mapping[str, Any]) -> list[str]:
    value = params.get("max_age")
    if not (_is_int(value) and 1 <= value <= MAX_AGE):
        return [
            _('"max_age" is required: a whole number of years from 1 to %(limit)d.')
            % {"limit": MAX_AGE}
        ]
    return []


def _child_describe(params: Mapping[str, Any]) -> str:
    age = int(params["max_age"])
    return ngettext(
        "Lives in a household with a child under %(age)d",
        "Lives in a household with a child under %(age)d",
        age,
    ) % {"age": age}


def _child_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    limit = int(params["max_age"])
    requirement = ngettext(
        "a household member under %(age)d", "a household member under %(age)d", limit
    ) % {"age": limit}
    others = facts.household_others
    if others is None:
        return Finding(
            met=False, finding=_("Not recorded in any household"), requirement=requirement
        )
    day = facts.on
    children = [m for m in others if m.person.birth_date <= day and m.person.age_on(day) < limit]
    return Finding(
        met=bool(children),
        finding=ngettext(
            "Household members under %(age)d on %(date)s: %(count)d",
            "Household members under %(age)d on %(date)s: %(count)d",
            len(children),
        )
        % {"age": limit, "date": _date(day), "count": len(children)},
        requirement=requirement,
    )


# economically_inactive -----------------------------------------------------------------------


def _inactive_describe(params: Mapping[str, Any]) -> str:
    return _("Economically inactive (neither working nor looking for work)")


def _inactive_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    status = facts.person.labour_status
    return Finding(
        met=status == LabourStatus.INACTIVE,
        finding=_("Labour-market status: %(status)s")
        % {"status": _choice_label(LabourStatus, status)},
        requirement=_("economic inactivity"),
    )


# refugee -------------------------------------------------------------------------------------


def _refugee_describe(params: Mapping[str, Any]) -> str:
    return _("Has refugee status or temporary protection, or has applied for protection")


def _refugee_evaluate(params: Mapping[str, Any], facts: PersonFacts) -> Finding:
    status = facts.person.protection_status
    return Finding(
        met=bool(status),
        finding=_("Protection status: %(status)s")
        % {"status": _choice_label(ProtectionStatus, status)},
        requirement=_("international or temporary protection"),
    )


REGISTRY: dict[str, Attribute] = {
    attribute.name: attribute
    for attribute in (
        Attribute(
            "age",
            frozenset({"min", "max"}),
            _age_check,
            _age_describe,
            _age_evaluate,
        ),
        Attribute("resident", frozenset(), _no_params, _resident_describe, _resident_evaluate),
        Attribute(
            "disability",
            frozenset({"min_level"}),
            _disability_check,
            _disability_describe,
            _disability_evaluate,
            reads_special_category=True,
        ),
        Attribute(
            "child_in_household",
            frozenset({"max_age"}),
            _child_check,
            _child_describe,
            _child_evaluate,
        ),
        Attribute(
            "economically_inactive",
            frozenset(),
            _no_params,
            _inactive_describe,
            _inactive_evaluate,
        ),
        Attribute("refugee", frozenset(), _no_params, _refugee_describe, _refugee_evaluate),
    )
}


# --- Validation ------------------------------------------------------------------------------


def _where(path: tuple[int, ...]) -> str:
    if not path:
        return _("The rule set")
    return _("Rule %(number)s") % {"number": ".".join(str(i) for i in path)}


def _node_errors(node: Any, path: tuple[int, ...], depth: int) -> Iterator[tuple[str, str]]:
    """Yield ``(where, problem)`` for every problem in ``node``."""
    where = _where(path)
    if depth > MAX_DEPTH:
        yield where, _("rules are nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
        return
    if not isinstance(node, dict):
        yield where, _('each rule must be an object such as {"attribute": "age", "min": 60}.')
        return
    keys = set(node)
    if keys & {"all", "any"}:
        if len(keys) != 1:
            yield where, _('a group has exactly one key, "all" or "any".')
            return
        kind = next(iter(keys))
        children = node[kind]
        if not isinstance(children, list) or not children:
            yield where, _('"%(kind)s" must be a list of at least one rule.') % {"kind": kind}
            return
        for index, child in enumerate(children, start=1):
            yield from _node_errors(child, (*path, index), depth + 1)
        return
    if "not" in keys:
        if len(keys) != 1:
            yield where, _('"not" takes exactly one rule and nothing beside it.')
            return
        yield from _node_errors(node["not"], path, depth + 1)
        return
    if "attribute" not in keys:
        yield where, _('each rule needs an "attribute", or is a group ("all", "any", "not").')
        return
    name = node["attribute"]
    attribute = REGISTRY.get(name) if isinstance(name, str) else None
    if attribute is None:
        yield (
            where,
            _('unknown attribute "%(name)s"; use one of: %(known)s.')
            % {
                "name": name,
                "known": ", ".join(REGISTRY),
            },
        )
        return
    params = {k: v for k, v in node.items() if k != "attribute"}
    unknown = sorted(set(params) - attribute.params)
    if unknown:
        allowed = ", ".join(sorted(attribute.params)) or _("none")
        yield (
            where,
            _('"%(name)s" does not take %(unknown)s; it takes: %(allowed)s.')
            % {"name": name, "unknown": ", ".join(f'"{k}"' for k in unknown), "allowed": allowed},
        )
        return
    for problem in attribute.check_params(params):
        yield where, f'"{name}": {problem}'


def validate_rules(rules: Any) -> None:
    """Reject a rule set that is not in the format above: unknown attributes, parameters an
    attribute does not take, values of the wrong kind, empty groups. Every problem is reported
    with where it is ("Rule 2.1: …", numbering rules from 1 inside each group)."""
    if rules is None or rules == {}:
        return
    problems = list(_node_errors(rules, (), 0))
    if problems:
        raise ValidationError(
            [
                ValidationError(
                    "%(where)s: %(problem)s",
                    code="invalid_rule",
                    params={"where": where, "problem": problem},
                )
                for where, problem in problems
            ]
        )


# --- Describing ------------------------------------------------------------------------------


def _describe_node(node: Rules) -> str:
    if "all" in node:
        return _("All of: %(rules)s") % {
            "rules": "; ".join(_lower_first(_describe_node(c)) for c in node["all"])
        }
    if "any" in node:
        return _("At least one of: %(rules)s") % {
            "rules": "; ".join(_lower_first(_describe_node(c)) for c in node["any"])
        }
    if "not" in node:
        return _("Does not meet this condition: %(rule)s") % {
            "rule": _lower_first(_describe_node(node["not"]))
        }
    return REGISTRY[node["attribute"]].describe(node)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def describe_rules(rules: Rules | None) -> list[str]:
    """The conditions in words for the public card, one line per top-level rule:
    ``{"all": [{"attribute": "age", "min": 60}, {"attribute": "resident"}]}`` →
    ``["Aged 60 or over", "Lives in the municipality of Starachowice"]``. Empty = no
    conditions. The rule set must be valid (``validate_rules``)."""
    if not rules:
        return []
    validate_rules(rules)
    if "all" in rules:
        return [_describe_node(child) for child in rules["all"]]
    return [_describe_node(rules)]


# --- Evaluating ------------------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return _("met") if met else _("not met")


def _special_condition_text(passed: bool) -> str:
    """A rule on special-category data for a reader who may not read such data: whether the
    condition is met, never the level, the dates or the notes."""
    if passed:
        return _("Condition on the disability certificate: met")
    return _("Condition on the disability certificate: not met")


def _evaluate_node(
    node: Rules,
    facts: PersonFacts,
    negated: bool,
    alternative: bool,
    out: list[RuleOutcome],
    reveal: bool,
) -> bool:
    # Under "not", De Morgan swaps the groups: the rules of a negated "all" become options
    # (excluding one of them is enough), those of a negated "any" must all be excluded.
    if "all" in node or "any" in node:
        kind = "all" if "all" in node else "any"
        rules = node[kind]
        # An "any" (or a negated "all") is met when one of its rules passes: its rules are
        # options, one of which may fail while the group is met.
        either_or = (kind == "any") != negated
        options = alternative or (either_or and len(rules) > 1)
        # Every rule is evaluated (no short-circuit), so every reason is reported…
        branches: list[tuple[bool, list[RuleOutcome]]] = []
        for child in rules:
            child_out: list[RuleOutcome] = []
            met = _evaluate_node(child, facts, negated, options, child_out, reveal)
            branches.append((met != negated, child_out))
        group_passed = any(p for p, _o in branches) if either_or else all(p for p, _o in branches)
        for child_passed, child_out in branches:
            # …except the unmet alternatives of a group that is met: they are no reason.
            if either_or and group_passed and not child_passed:
                continue
            out.extend(child_out)
        return group_passed != negated
    if "not" in node:
        return not _evaluate_node(node["not"], facts, not negated, alternative, out, reveal)
    attribute = REGISTRY[node["attribute"]]
    finding = attribute.evaluate(node, facts)
    passed = finding.met != negated
    special = attribute.reads_special_category
    if special and not reveal:
        text = _special_condition_text(passed)
    else:
        template = (
            _("%(finding)s — %(requirement)s excluded: %(verdict)s")
            if negated
            else _("%(finding)s — %(requirement)s required: %(verdict)s")
        )
        text = template % {
            "finding": finding.finding,
            "requirement": finding.requirement,
            "verdict": _verdict(passed),
        }
    out.append(
        RuleOutcome(passed=passed, text=text, alternative=alternative, special_category=special)
    )
    return finding.met


def rule_attributes(rules: Rules | None) -> set[str]:
    """The attribute names a (valid) rule set refers to."""
    found: set[str] = set()

    def walk(node: Rules) -> None:
        if "all" in node or "any" in node:
            for child in node.get("all", node.get("any", [])):
                walk(child)
        elif "not" in node:
            walk(node["not"])
        else:
            found.add(node["attribute"])

    if rules:
        walk(rules)
    return found


def evaluate_rules(
    rules: Rules | None,
    *,
    person: Person,
    on: dt.date,
    facts: PersonFacts | None = None,
    reveal_special_category: bool = False,
) -> EligibilityResult:
    """Evaluate a rule set for ``person`` on the day ``on``. The rule set is validated first
    (a ``ValidationError`` means stored rules are broken, not that the person is ineligible).
    Pass ``facts`` to reuse loaded data across several services for the same person and day.

    Rules on special-category data say only whether they are met unless
    ``reveal_special_category`` (the caller checked the reader may see it, and audits it)."""
    if not rules:
        return EligibilityResult(eligible=True, reasons=[], on=on)
    validate_rules(rules)
    if facts is None or facts.person.pk != person.pk or facts.on != on:
        facts = PersonFacts(person, on)
    reasons: list[RuleOutcome] = []
    eligible = _evaluate_node(
        rules,
        facts,
        negated=False,
        alternative=False,
        out=reasons,
        reveal=reveal_special_category,
    )
    return EligibilityResult(
        eligible=eligible,
        reasons=reasons,
        on=on,
        special_category_shown=reveal_special_category
        and any(outcome.special_category for outcome in reasons),
    )


def eligibility_check(
    person: Person,
    service: ProgrammeService,
    *,
    on: dt.date | None = None,
    facts: PersonFacts | None = None,
    acting_user: Any = None,
    explain: bool = False,
) -> EligibilityResult:
    """May ``person`` use ``service`` on ``on`` (default: today), and why.

    ``acting_user`` runs the check; ``None`` is the system (a promotion from the waiting list,
    a draw). ``explain`` says the reasons are shown to ``acting_user`` (an eligibility panel).

    A rule on special-category data (the disability certificate) is explained with its
    content only when shown to a user with ``person.sensitive_view``; that read is audited as
    theirs. For anyone else the reasons say only whether such a condition is met, and no
    sensitive read is recorded for them, as nothing was shown. A check by the system is
    audited as the system's read. With shared ``facts`` (one page, many services) the read is
    audited once. Runs at most two queries for the facts (certificates, household) plus the
    audit row.
    """
    day = on or timezone.localdate()
    rules = service.eligibility_rules
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    reveal = explain and user is not None and has_capability(user, PERSON_SENSITIVE_VIEW)
    if facts is None or facts.person.pk != person.pk or facts.on != day:
        facts = PersonFacts(person, day)
    result = evaluate_rules(
        rules, person=person, on=day, facts=facts, reveal_special_category=reveal
    )
    reads_special = any(REGISTRY[name].reads_special_category for name in rule_attributes(rules))
    if reads_special and (reveal or user is None) and not facts.special_read_audited:
        facts.special_read_audited = True
        audit_record(
            actor=user,
            action=AuditAction.VIEW_SENSITIVE,
            obj=person,
            changes={
                "read": "disability_certificates",
                "purpose": "eligibility",
                "service": service.name,
                "shown": bool(reveal),
            },
        )
    return result


__all__ = [
    "REGISTRY",
    "EligibilityResult",
    "PersonFacts",
    "RuleOutcome",
    "describe_rules",
    "eligibility_check",
    "evaluate_rules",
    "rule_attributes",
    "validate_rules",
]
