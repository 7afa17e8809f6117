from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from opencus.catalog.eligibility import (
    PersonFacts,
    describe_rules,
    eligibility_check,
    evaluate_rules,
    validate_rules,
)
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import Role
from opencus.people.models import DisabilityLevel, LabourStatus, Person, ProtectionStatus

from .factories import (
    DisabilityCertificateFactory,
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    ProgrammeServiceFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def check(person: Any, rules: dict[str, Any], on: dt.date = DAY) -> Any:
    """The rules explained in full, as to a reader who may see special-category data."""
    return evaluate_rules(rules, person=person, on=on, reveal_special_category=True)


def only_reason(result: Any) -> Any:
    assert len(result.reasons) == 1
    return result.reasons[0]


# --- age -------------------------------------------------------------------------------------


def test_age_at_least_passes_with_the_age_on_the_day_in_words():
    person = PersonFactory.create(birth_date=dt.date(1959, 5, 14))
    result = check(person, {"all": [{"attribute": "age", "min": 60}]})
    assert result.eligible is True
    reason = only_reason(result)
    assert reason.passed is True
    assert reason.text == "Age on 23.11.2026: 67 — at least 60 required: met"


def test_age_is_counted_on_the_check_date_not_today():
    # Born 24.11.1966: 59 on 23.11.2026, 60 the day after.
    person = PersonFactory.create(birth_date=dt.date(1966, 11, 24))
    rules = {"all": [{"attribute": "age", "min": 60}]}
    before = check(person, rules, on=DAY)
    assert before.eligible is False
    assert only_reason(before).text == "Age on 23.11.2026: 59 — at least 60 required: not met"
    assert check(person, rules, on=DAY + dt.timedelta(days=1)).eligible is True


def test_age_range_fails_above_the_maximum():
    person = PersonFactory.create(birth_date=dt.date(2000, 1, 1))
    result = check(person, {"all": [{"attribute": "age", "min": 15, "max": 25}]})
    assert result.eligible is False
    assert only_reason(result).text == "Age on 23.11.2026: 26 — 15 to 25 required: not met"


def test_age_maximum_is_inclusive():
    person = PersonFactory.create(birth_date=dt.date(2008, 11, 23))
    result = check(person, {"all": [{"attribute": "age", "max": 18}]})
    assert result.eligible is True
    assert only_reason(result).text == "Age on 23.11.2026: 18 — at most 18 required: met"


# --- resident --------------------------------------------------------------------------------


def test_resident_passes_with_the_municipality_terc(settings):
    settings.OPENCUS_MUNICIPALITY_TERC = "2611011"
    person = PersonFactory.create(terc="2611011")
    reason = only_reason(check(person, {"all": [{"attribute": "resident"}]}))
    assert reason.passed is True
    assert "Address in the municipality of Starachowice (TERC 2611011)" in reason.text
    assert reason.text.endswith("required: met")


def test_resident_fails_for_another_municipality(settings):
    settings.OPENCUS_MUNICIPALITY_TERC = "2611011"
    person = PersonFactory.create(terc="2607011")
    result = check(person, {"all": [{"attribute": "resident"}]})
    assert result.eligible is False
    assert only_reason(result).text == (
        "Address in another municipality (TERC 2607011) — residence in the municipality of "
        "Starachowice required: not met"
    )


def test_resident_fails_without_a_terc_code():
    person = PersonFactory.create(terc="")
    reason = only_reason(check(person, {"all": [{"attribute": "resident"}]}))
    assert reason.passed is False
    assert reason.text.startswith("No municipality code (TERC) in the address")


# --- disability ------------------------------------------------------------------------------


def test_disability_passes_with_a_valid_certificate_of_a_higher_level():
    person = PersonFactory.create()
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.SIGNIFICANT)
    result = check(person, {"all": [{"attribute": "disability", "min_level": "moderate"}]})
    assert result.eligible is True
    assert only_reason(result).text == (
        "Disability certificate valid on 23.11.2026: significant — a disability certificate "
        "of at least moderate level required: met"
    )


def test_disability_fails_when_the_level_is_too_low():
    person = PersonFactory.create()
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.LIGHT)
    result = check(person, {"all": [{"attribute": "disability", "min_level": "moderate"}]})
    assert result.eligible is False
    assert "valid on 23.11.2026: light" in only_reason(result).text


def test_disability_ignores_expired_and_withdrawn_certificates():
    person = PersonFactory.create()
    DisabilityCertificateFactory.create(
        person=person, issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2025, 12, 31)
    )
    DisabilityCertificateFactory.create(person=person, withdrawn_at=timezone.now())
    result = check(person, {"all": [{"attribute": "disability"}]})
    assert result.eligible is False
    assert only_reason(result).text == (
        "No disability certificate valid on 23.11.2026 — a valid disability certificate "
        "required: not met"
    )


def test_disability_without_a_level_accepts_a_childs_certificate():
    person = PersonFactory.create(birth_date=dt.date(2016, 1, 1))
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.CHILD)
    assert check(person, {"all": [{"attribute": "disability"}]}).eligible is True


# --- child_in_household ----------------------------------------------------------------------


def test_child_in_household_passes_with_a_current_member_under_the_age():
    parent = PersonFactory.create()
    household = HouseholdFactory.create()
    HouseholdMemberFactory.create(household=household, person=parent)
    HouseholdMemberFactory.create(
        household=household, person=PersonFactory.create(birth_date=dt.date(2015, 6, 1))
    )
    result = check(parent, {"all": [{"attribute": "child_in_household", "max_age": 18}]})
    assert result.eligible is True
    assert only_reason(result).text == (
        "Household members under 18 on 23.11.2026: 1 — a household member under 18 required: met"
    )


def test_child_in_household_ignores_members_who_left_and_the_person_and_older_members():
    parent = PersonFactory.create(
        birth_date=dt.date(2010, 1, 1)
    )  # the person is 16 but not counted
    household = HouseholdFactory.create()
    HouseholdMemberFactory.create(household=household, person=parent)
    HouseholdMemberFactory.create(
        household=household,
        person=PersonFactory.create(birth_date=dt.date(2016, 1, 1)),
        left_on=dt.date(2025, 1, 1),
    )
    HouseholdMemberFactory.create(
        household=household, person=PersonFactory.create(birth_date=dt.date(2008, 11, 23))
    )  # exactly 18 on the day: not under 18
    result = check(parent, {"all": [{"attribute": "child_in_household", "max_age": 18}]})
    assert result.eligible is False
    assert only_reason(result).text.startswith("Household members under 18 on 23.11.2026: 0")


def test_child_in_household_fails_for_a_person_in_no_household():
    person = PersonFactory.create()
    reason = only_reason(
        check(person, {"all": [{"attribute": "child_in_household", "max_age": 18}]})
    )
    assert reason.passed is False
    assert reason.text.startswith("Not recorded in any household")


def test_child_in_household_does_not_look_at_a_household_the_person_left():
    person = PersonFactory.create()
    household = HouseholdFactory.create()
    HouseholdMemberFactory.create(household=household, person=person, left_on=dt.date(2024, 1, 1))
    HouseholdMemberFactory.create(
        household=household, person=PersonFactory.create(birth_date=dt.date(2020, 1, 1))
    )
    result = check(person, {"all": [{"attribute": "child_in_household", "max_age": 18}]})
    assert result.eligible is False


# --- economically_inactive and refugee -------------------------------------------------------


def test_economically_inactive_passes_and_fails_with_the_status_in_words():
    inactive = PersonFactory.create(labour_status=LabourStatus.INACTIVE)
    employed = PersonFactory.create(labour_status=LabourStatus.EMPLOYED)
    rules = {"all": [{"attribute": "economically_inactive"}]}
    assert only_reason(check(inactive, rules)).text == (
        "Labour-market status: economically inactive — economic inactivity required: met"
    )
    failed = check(employed, rules)
    assert failed.eligible is False
    assert only_reason(failed).text == (
        "Labour-market status: employed — economic inactivity required: not met"
    )


def test_refugee_passes_with_any_protection_status_and_fails_without():
    protected = PersonFactory.create(protection_status=ProtectionStatus.TEMPORARY_PROTECTION)
    resident = PersonFactory.create(protection_status="")
    rules = {"all": [{"attribute": "refugee"}]}
    passed = only_reason(check(protected, rules))
    assert passed.passed is True
    assert passed.text.startswith("Protection status: temporary protection (war in Ukraine)")
    failed = only_reason(check(resident, rules))
    assert failed.passed is False
    assert failed.text == (
        "Protection status: none — international or temporary protection required: not met"
    )


# --- combinations ----------------------------------------------------------------------------


SENIOR_PLUS = {
    "all": [
        {"attribute": "age", "min": 60},
        {"attribute": "economically_inactive"},
        {"attribute": "resident"},
    ]
}


def test_all_needs_every_rule_and_reports_each():
    person = PersonFactory.create(
        birth_date=dt.date(1950, 1, 1), labour_status=LabourStatus.EMPLOYED
    )
    result = check(person, SENIOR_PLUS)
    assert result.eligible is False
    assert [r.passed for r in result.reasons] == [True, False, True]
    assert all(not r.alternative for r in result.reasons)


def test_any_needs_one_rule_and_marks_the_options():
    person = PersonFactory.create(birth_date=dt.date(1990, 1, 1))
    DisabilityCertificateFactory.create(person=person)
    rules = {"any": [{"attribute": "age", "min": 60}, {"attribute": "disability"}]}
    result = check(person, rules)
    assert result.eligible is True
    assert [r.passed for r in result.reasons] == [True]
    assert all(r.alternative for r in result.reasons)


def test_a_met_either_or_rule_does_not_list_its_unmet_alternative():
    """The person is refused on residence; the age-or-certificate rule is met by the
    certificate, so "at least 60 required: not met" is no reason and is not listed."""
    person = PersonFactory.create(birth_date=dt.date(1990, 1, 1), terc="1234567")
    DisabilityCertificateFactory.create(person=person)
    rules = {
        "all": [
            {"attribute": "resident"},
            {"any": [{"attribute": "age", "min": 60}, {"attribute": "disability"}]},
        ]
    }
    result = check(person, rules)
    assert result.eligible is False
    failed = [r.text for r in result.reasons if not r.passed]
    assert len(failed) == 1
    assert "at least 60" not in " ".join(r.text for r in result.reasons)
    # A negated "all" is an either/or too: excluding one of its rules is enough.
    negated = {"not": {"all": [{"attribute": "refugee"}, {"attribute": "age", "min": 18}]}}
    adult = PersonFactory.create(birth_date=dt.date(1990, 1, 1), protection_status="")
    outcome = check(adult, negated)
    assert outcome.eligible is True
    assert [r.passed for r in outcome.reasons] == [True]


def test_any_fails_when_no_option_holds():
    person = PersonFactory.create(birth_date=dt.date(1990, 1, 1))
    rules = {"any": [{"attribute": "age", "min": 60}, {"attribute": "disability"}]}
    result = check(person, rules)
    assert result.eligible is False
    assert [(r.passed, r.alternative) for r in result.reasons] == [(False, True), (False, True)]


def test_not_inverts_the_rule_and_says_it_is_excluded():
    person = PersonFactory.create(labour_status=LabourStatus.EMPLOYED)
    rules = {"all": [{"not": {"attribute": "economically_inactive"}}]}
    result = check(person, rules)
    assert result.eligible is True
    assert only_reason(result).text == (
        "Labour-market status: employed — economic inactivity excluded: met"
    )
    inactive = PersonFactory.create(labour_status=LabourStatus.INACTIVE)
    assert check(inactive, rules).eligible is False


def test_nested_groups_combine():
    rules = {
        "all": [
            {"attribute": "resident"},
            {
                "any": [
                    {"attribute": "age", "min": 60},
                    {"all": [{"attribute": "disability"}, {"not": {"attribute": "refugee"}}]},
                ]
            },
        ]
    }
    young_disabled = PersonFactory.create(birth_date=dt.date(1990, 1, 1))
    DisabilityCertificateFactory.create(person=young_disabled)
    assert check(young_disabled, rules).eligible is True
    young_disabled_refugee = PersonFactory.create(
        birth_date=dt.date(1990, 1, 1), protection_status=ProtectionStatus.APPLICANT
    )
    DisabilityCertificateFactory.create(person=young_disabled_refugee)
    result = check(young_disabled_refugee, rules)
    assert result.eligible is False
    assert len(result.reasons) == 4
    senior_elsewhere = PersonFactory.create(birth_date=dt.date(1950, 1, 1), terc="2607011")
    assert check(senior_elsewhere, rules).eligible is False


def test_not_of_any_needs_every_option_excluded():
    rules = {"not": {"any": [{"attribute": "refugee"}, {"attribute": "economically_inactive"}]}}
    neither = PersonFactory.create(labour_status=LabourStatus.EMPLOYED)
    result = check(neither, rules)
    assert result.eligible is True
    assert [r.passed for r in result.reasons] == [True, True]
    assert not any(r.alternative for r in result.reasons)
    inactive = PersonFactory.create(labour_status=LabourStatus.INACTIVE)
    assert check(inactive, rules).eligible is False


def test_empty_rules_make_everyone_eligible_without_reasons():
    result = check(PersonFactory.create(), {})
    assert result.eligible is True
    assert result.reasons == []


def test_check_defaults_to_today():
    person = PersonFactory.create(birth_date=dt.date(1950, 1, 1))
    service = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "age", "min": 1}]}
    )
    assert eligibility_check(person, service).on == timezone.localdate()


# --- queries and audit -----------------------------------------------------------------------


EVERYTHING = {
    "all": [
        {"attribute": "age", "min": 18},
        {"attribute": "resident"},
        {"any": [{"attribute": "disability"}, {"attribute": "disability", "min_level": "light"}]},
        {"attribute": "child_in_household", "max_age": 18},
        {"not": {"attribute": "child_in_household", "max_age": 3}},
        {"attribute": "economically_inactive"},
        {"attribute": "refugee"},
    ]
}


def test_a_check_costs_two_queries_whatever_the_number_of_rules(django_assert_num_queries):
    person = PersonFactory.create()
    household = HouseholdFactory.create()
    HouseholdMemberFactory.create(household=household, person=person)
    for year in (2012, 2015, 2018):
        HouseholdMemberFactory.create(
            household=household, person=PersonFactory.create(birth_date=dt.date(year, 1, 1))
        )
    DisabilityCertificateFactory.create(person=person)
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.LIGHT)
    service = ProgrammeServiceFactory.create(eligibility_rules=EVERYTHING)
    ContentType.objects.get_for_model(Person)  # cached from here on, as in a running server
    with django_assert_num_queries(3):  # certificates, household, the system's audited read
        result = eligibility_check(person, service, on=DAY)
    assert len(result.reasons) == 8


def test_facts_are_reused_across_services():
    person = PersonFactory.create()
    facts = PersonFacts(person, DAY)
    first = evaluate_rules(EVERYTHING, person=person, on=DAY, facts=facts)
    second = evaluate_rules(
        {"all": [{"attribute": "disability"}]}, person=person, on=DAY, facts=facts
    )
    assert first.eligible is False
    assert second.reasons[0].passed is False
    assert "certificates" in facts.__dict__  # loaded once, cached on the facts


def test_a_staff_check_reading_disability_data_is_audited(make_staff):
    user = make_staff(Role.SOCIAL_WORKER)
    person = PersonFactory.create()
    service = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "disability"}]}
    )
    eligibility_check(person, service, on=DAY, acting_user=user, explain=True)
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert event.actor == user
    assert event.object_id == str(person.pk)
    assert event.changes["shown"] is True
    plain = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "age", "min": 1}]}
    )
    eligibility_check(person, plain, on=DAY, acting_user=user, explain=True)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 1


DISABLED_ONLY = {"all": [{"attribute": "disability", "min_level": "moderate"}]}


@pytest.mark.parametrize("role", list(Role))
def test_a_disability_rule_is_explained_in_full_only_to_roles_that_may_read_it(make_staff, role):
    user = make_staff(role)
    person = PersonFactory.create()
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.SIGNIFICANT)
    service = ProgrammeServiceFactory.create(eligibility_rules=DISABLED_ONLY)
    result = eligibility_check(person, service, on=DAY, acting_user=user, explain=True)
    text = only_reason(result).text
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)
    if role in (Role.DIRECTOR, Role.COORDINATOR, Role.SOCIAL_WORKER):
        assert "significant" in text
        assert "23.11.2026" in text
        assert result.special_category_shown is True
        assert [(e.actor, e.changes["shown"]) for e in reads] == [(user, True)]
    else:
        assert text == "Condition on the disability certificate: met"
        assert "significant" not in text and "23.11.2026" not in text
        assert result.special_category_shown is False
        assert not reads.exists()


def test_without_an_explanation_a_disability_rule_says_only_met_or_not(make_staff):
    """A refusal (no explanation asked) never carries the level, even for a director."""
    director = make_staff(Role.DIRECTOR)
    person = PersonFactory.create()
    DisabilityCertificateFactory.create(person=person, level=DisabilityLevel.LIGHT)
    service = ProgrammeServiceFactory.create(eligibility_rules=DISABLED_ONLY)
    result = eligibility_check(person, service, on=DAY, acting_user=director)
    assert result.eligible is False
    assert only_reason(result).text == "Condition on the disability certificate: not met"
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


def test_a_check_with_no_user_is_audited_as_the_systems_read():
    person = PersonFactory.create()
    service = ProgrammeServiceFactory.create(eligibility_rules=DISABLED_ONLY, name="Asystent")
    result = eligibility_check(person, service, on=DAY)
    assert "level" not in only_reason(result).text
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert event.actor is None
    assert event.object_id == str(person.pk)
    assert event.changes["service"] == "Asystent"
    assert event.changes["shown"] is False


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rules",
    [
        {},
        SENIOR_PLUS,
        EVERYTHING,
        {"any": [{"attribute": "age", "max": 18}]},
        {"not": {"attribute": "refugee"}},
        {"attribute": "resident"},
        {"all": [{"attribute": "age", "min": 60, "max": None}]},
    ],
)
def test_valid_rule_sets_pass(rules):
    validate_rules(rules)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            {"all": [{"attribute": "income"}]},
            'Rule 1: unknown attribute "income"; use one of: age, resident, disability, '
            "child_in_household, economically_inactive, refugee.",
        ),
        (
            {"all": [{"attribute": "resident"}, {"attribute": "age", "minimum": 60}]},
            'Rule 2: "age" does not take "minimum"; it takes: max, min.',
        ),
        (
            {"all": [{"attribute": "age"}]},
            'Rule 1: "age": Give "min", "max" or both.',
        ),
        (
            {"all": [{"attribute": "age", "min": "60"}]},
            'Rule 1: "age": "min" must be a whole number of years from 0 to 130.',
        ),
        (
            {"all": [{"attribute": "age", "min": True}]},
            'Rule 1: "age": "min" must be a whole number of years from 0 to 130.',
        ),
        (
            {"all": [{"attribute": "age", "min": 70, "max": 60}]},
            'Rule 1: "age": "min" must not be greater than "max".',
        ),
        (
            {"all": [{"attribute": "disability", "min_level": "severe"}]},
            'Rule 1: "disability": "min_level" must be one of: light, moderate, significant.',
        ),
        (
            {"all": [{"attribute": "child_in_household"}]},
            'Rule 1: "child_in_household": "max_age" is required: a whole number of years '
            "from 1 to 130.",
        ),
        (
            {"all": [{"attribute": "resident", "terc": "2611011"}]},
            'Rule 1: "resident" does not take "terc"; it takes: none.',
        ),
        ({"all": []}, 'The rule set: "all" must be a list of at least one rule.'),
        ({"any": {"attribute": "age"}}, 'The rule set: "any" must be a list of at least one rule.'),
        (
            {"all": [{"attribute": "resident"}], "any": [{"attribute": "refugee"}]},
            'The rule set: a group has exactly one key, "all" or "any".',
        ),
        (
            {"all": [{"any": [{"attribute": "refugee"}, "resident"]}]},
            'Rule 1.2: each rule must be an object such as {"attribute": "age", "min": 60}.',
        ),
        (
            {"not": {"attribute": "refugee"}, "attribute": "resident"},
            'The rule set: "not" takes exactly one rule and nothing beside it.',
        ),
        (
            {"everyone": True},
            'The rule set: each rule needs an "attribute", or is a group ("all", "any", "not").',
        ),
        (
            ["age"],
            'The rule set: each rule must be an object such as {"attribute": "age", "min": 60}.',
        ),
    ],
)
def test_invalid_rule_sets_are_rejected_with_a_clear_message(rules, message):
    with pytest.raises(ValidationError) as error:
        validate_rules(rules)
    assert message in error.value.messages


def test_every_problem_is_reported_at_once():
    rules = {"all": [{"attribute": "income"}, {"attribute": "age"}, {"attribute": "resident"}]}
    with pytest.raises(ValidationError) as error:
        validate_rules(rules)
    assert len(error.value.messages) == 2


def test_nesting_is_bounded():
    rules: dict[str, Any] = {"attribute": "resident"}
    for _ in range(12):
        rules = {"not": rules}
    with pytest.raises(ValidationError, match="nested more than 8 levels"):
        validate_rules(rules)


def test_the_model_field_rejects_invalid_rules():
    service = ProgrammeServiceFactory.create()
    service.eligibility_rules = {"all": [{"attribute": "income"}]}
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "eligibility_rules" in error.value.message_dict


def test_checking_stored_invalid_rules_raises_rather_than_guessing():
    service = ProgrammeServiceFactory.create(eligibility_rules={"all": [{"attribute": "income"}]})
    with pytest.raises(ValidationError):
        eligibility_check(PersonFactory.create(), service, on=DAY)


# --- describing ------------------------------------------------------------------------------


def test_rules_in_words_for_the_public_card():
    rules = {
        "all": [
            {"attribute": "age", "min": 60},
            {"attribute": "resident"},
            {"attribute": "economically_inactive"},
            {
                "any": [
                    {"attribute": "disability", "min_level": "moderate"},
                    {"attribute": "refugee"},
                ]
            },
            {"attribute": "child_in_household", "max_age": 7},
            {"not": {"attribute": "age", "max": 17}},
            {"attribute": "age", "min": 16, "max": 25},
            {"attribute": "disability"},
        ]
    }
    assert describe_rules(rules) == [
        "Aged 60 or over",
        "Lives in the municipality of Starachowice",
        "Economically inactive (neither working nor looking for work)",
        "At least one of: has a valid disability certificate of at least moderate level; "
        "has refugee status or temporary protection, or has applied for protection",
        "Lives in a household with a child under 7",
        "Does not meet this condition: aged 17 or under",
        "Aged 16 to 25",
        "Has a valid disability certificate",
    ]


def test_rules_in_words_for_a_single_group_or_rule():
    assert describe_rules({}) == []
    assert describe_rules({"attribute": "refugee"}) == [
        "Has refugee status or temporary protection, or has applied for protection"
    ]
    assert describe_rules({"any": [{"attribute": "resident"}, {"attribute": "refugee"}]}) == [
        "At least one of: lives in the municipality of Starachowice; has refugee status or "
        "temporary protection, or has applied for protection"
    ]
