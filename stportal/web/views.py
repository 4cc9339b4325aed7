"""Pages: each view asks stportal.access, calls a selector, renders."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stportal import access
from stportal.access import Relation
from stportal.adapters.followup import findings_of
from stportal.adapters.timeline import timeline_of, with_timelines
from stportal.adapters.trainings import (
    search_trainings,
    training_overview,
    trainings_for_listing,
)
from stportal.people.models import Role
from stportal.portfolio.models import Assessment, ScholarlyWork
from stportal.training.models import Training
from stportal.units.models import Region, Unit

RESIDENTS_PER_PAGE = 50
SUPERVISOR_RELATIONS = frozenset({Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page for every role the person holds, their own ST first."""
    person = request.user
    roles = access.roles(person)
    own = training_overview(
        access.trainings_for(person, through=frozenset({Relation.RESIDENT}))
    ).first()
    own_timeline = timeline_of(own) if own else None
    context: dict[str, object] = {
        "roles": roles,
        "own_training": own,
        "own_timeline": own_timeline,
        "own_findings": findings_of(own, own_timeline) if own else [],
        "supervised": _open_findings_first(
            trainings_for_listing(access.trainings_for(person, through=SUPERVISOR_RELATIONS))
        ),
        "is_supervisor": Role.SUPERVISOR in roles,
        "unit_head_units": Unit.objects.filter(pk__in=access.unit_ids(person, Role.UNIT_HEAD)),
        "unit_trainings": with_timelines(
            trainings_for_listing(
                access.trainings_for(person, through=frozenset({Relation.UNIT_HEAD}))
            )
        ),
        "admin_regions": Region.objects.filter(pk__in=access.region_ids(person, Role.ADMIN)),
        "is_research_supervisor": Role.RESEARCH_SUPERVISOR in roles,
        "assessments_to_do": Assessment.objects.filter(
            assessor=access.person(request), completed_at__isnull=True
        ).select_related("training__resident"),
        "research_works": ScholarlyWork.objects.filter(
            research_supervisor=access.person(request)
        ).select_related("training__resident"),
    }
    if Role.DIRECTOR in roles:
        context.update(_director_listing(request))
    return render(request, "web/home.html", context)


def _open_findings_first(trainings: QuerySet[Training]) -> list[Training]:
    """A supervisor's residents, those with the most open findings first (issue 5)."""
    found = with_timelines(trainings)
    for training in found:
        training.open_count = len(findings_of(training, training.timeline))  # type: ignore[attr-defined]
    return sorted(found, key=lambda t: -t.open_count)  # type: ignore[attr-defined]


def _director_listing(request: HttpRequest) -> dict[str, object]:
    """Every resident of the director's regions, searchable and paged."""
    regions = Region.objects.filter(pk__in=access.region_ids(request.user, Role.DIRECTOR))
    units = Unit.objects.filter(region__in=regions, trainings__isnull=False).distinct()
    text = request.GET.get("q", "").strip()[:100]
    unit_param = request.GET.get("unit", "")
    unit_id = int(unit_param) if unit_param.isdigit() else None
    trainings = search_trainings(
        access.trainings_for(request.user, through=frozenset({Relation.DIRECTOR})),
        text=text,
        unit_id=unit_id,
    )
    page = Paginator(trainings_for_listing(trainings), RESIDENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = with_timelines(page.object_list)
    return {
        "director_regions": regions,
        "director_units": units,
        "director_page": page,
        "director_query": text,
        "director_unit_id": unit_id,
    }
