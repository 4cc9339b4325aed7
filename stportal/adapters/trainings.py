"""Reads that span relations: the trainings with what their pages show, in few queries.

A table of residents runs the same number of queries for three residents as for three hundred:
its selector prefetches what the adapters read (issue 9), and the adapters use the prefetched
rows when they are there (plain prefetches through `.all()`, the narrowed ones through the
attributes named below) and query only for a training fetched on its own."""

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from stportal.people.models import Person
from stportal.plans.models import DocumentKind, PlanVersion
from stportal.training.models import Placement, Training

# The attributes the narrowed prefetches fill (Prefetch(to_attr=...)), read by the adapters.
ESTABLISHED_VERSIONS = "established_versions"
LATEST_TRAINING_PLANS = "latest_training_plans"  # the newest training plan version, or none
PLACEMENTS_WITH_CONTRACTS = "placements_with_contracts"  # with each one's unit and contract


def established_versions() -> Prefetch:
    """The established plan versions (kind only), for the timeline's done milestones."""
    return Prefetch(
        "plan_versions",
        queryset=PlanVersion.objects.filter(established_at__isnull=False).only(
            "kind", "training_id"
        ),
        to_attr=ESTABLISHED_VERSIONS,
    )


def latest_training_plans() -> Prefetch:
    """The newest version of each training's plan (IUP), as plans.services.latest finds it."""
    newest = (
        PlanVersion.objects.filter(training=OuterRef("training"), kind=DocumentKind.TRAINING_PLAN)
        .order_by("-number")
        .values("number")[:1]
    )
    return Prefetch(
        "plan_versions",
        queryset=PlanVersion.objects.filter(
            kind=DocumentKind.TRAINING_PLAN, number=Subquery(newest)
        ),
        to_attr=LATEST_TRAINING_PLANS,
    )


def placements_with_contracts() -> Prefetch:
    """The placements with their units, rotation contracts and home-return days, in two
    queries."""
    return Prefetch(
        "placements",
        queryset=Placement.objects.select_related("unit", "rotation_contract").prefetch_related(
            "home_return_days"
        ),
        to_attr=PLACEMENTS_WITH_CONTRACTS,
    )


def trainings_for_listing(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """For tables of residents: the names, units and what the timeline needs, without a query
    per row."""
    return (
        trainings.select_related("resident", "home_unit__region", "main_supervisor")
        .prefetch_related(
            "employment_steps",
            "absences",
            "annual_reviews",
            "milestone_records",
            established_versions(),
        )
        .order_by("resident__last_name", "resident__first_name", "pk")
    )


def trainings_for_follow_up(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """For tables of residents with everything open (adapters.followup.with_findings): the
    listing's rows and what the follow-up reads, without a query per row."""
    return trainings_for_listing(trainings).prefetch_related(
        "co_supervisors",
        "courses",
        "assessments",
        "supervision_sessions",
        "study_time_entries",
        "scholarly_works",
        "goal_progress",
        "education_events",
        "patient_list_counts",
        "on_call_events",
        placements_with_contracts(),
        latest_training_plans(),
    )


def training_overview(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """For an overview page: everything it shows, prefetched."""
    return trainings_for_listing(trainings).prefetch_related(
        Prefetch("co_supervisors", queryset=Person.objects.order_by("last_name", "first_name")),
        "employment_steps",
        "absences__decided_by",
        "placements__unit",
        "placements__supervisor",
    )


def search_trainings(
    trainings: QuerySet[Training], *, text: str = "", unit_id: int | None = None
) -> QuerySet[Training]:
    """Narrows by any part of the resident's name or username, and by home unit."""
    for word in text.split():
        trainings = trainings.filter(
            Q(resident__first_name__icontains=word)
            | Q(resident__last_name__icontains=word)
            | Q(resident__username__icontains=word)
        )
    if unit_id is not None:
        trainings = trainings.filter(home_unit_id=unit_id)
    return trainings
