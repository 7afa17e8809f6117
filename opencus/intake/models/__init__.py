"""The models of intake, one module per subject; every model is importable from here."""

from opencus.intake.models.applications import (
    OPEN_STATES,
    TRANSITIONS,
    Application,
    ApplicationItem,
    AssessmentPlace,
    Channel,
    FiledBy,
    ItemState,
    ItemTransition,
    NeedsAssessment,
)
from opencus.intake.models.demand import DemandReason, DemandSource, UnmetDemand
from opencus.intake.models.enrolment import (
    Allocation,
    EnrolmentChange,
    EnrolmentEntry,
    EnrolmentRound,
    EnrolmentRoundTransition,
    EntryOutcome,
)
from opencus.intake.models.entitlements import (
    Entitlement,
    EntitlementChange,
    EntitlementQuerySet,
    EntitlementStatus,
    EntitlementTransition,
)
from opencus.intake.models.notices import NOTICE_FOR_STATE, DeliveryChannel, LetterKind, Notice
from opencus.intake.models.online import OnlineApplication, OnlineState, OnlineTransition
from opencus.intake.models.referrals import CentreTeam, Referral

__all__ = [
    "NOTICE_FOR_STATE",
    "OPEN_STATES",
    "TRANSITIONS",
    "Allocation",
    "Application",
    "ApplicationItem",
    "AssessmentPlace",
    "CentreTeam",
    "Channel",
    "DeliveryChannel",
    "DemandReason",
    "EnrolmentChange",
    "EnrolmentEntry",
    "EnrolmentRound",
    "EnrolmentRoundTransition",
    "Entitlement",
    "EntitlementChange",
    "EntitlementQuerySet",
    "EntitlementStatus",
    "EntitlementTransition",
    "EntryOutcome",
    "FiledBy",
    "ItemState",
    "ItemTransition",
    "LetterKind",
    "NeedsAssessment",
    "OnlineApplication",
    "OnlineState",
    "OnlineTransition",
    "Notice",
    "Referral",
    "UnmetDemand",
    "DemandSource",
]
