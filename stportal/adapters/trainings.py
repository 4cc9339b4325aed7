"""Reads that span relations: the trainings with what their pages show, in few queries."""

from django.db.models import Prefetch, Q, QuerySet

from stportal.people.models import Person
from stportal.training.models import Training


def established_versions() -> Prefetch:
    """The established plan versions (kind only), for the timeline's done milestones."""
    from stportal.plans.models import PlanVersion  # the plans app builds on this one

    return Prefetch(
        "plan_versions",
        queryset=PlanVersion.objects.filter(established_at__isnull=False).only(
            "kind", "training_id"
        ),
        to_attr="established_versions",
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
