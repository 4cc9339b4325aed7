"""Pages: each view asks stportal.access, calls a selector, renders."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from stportal import access
from stportal.access import Relation
from stportal.adapters.followup import findings_of, with_findings
from stportal.adapters.timeline import timeline_of, with_timelines
from stportal.adapters.trainings import (
    search_trainings,
    training_overview,
    trainings_for_follow_up,
    trainings_for_listing,
)
from stportal.http import AuthenticatedHttpRequest, query_number
from stportal.people.models import Role
from stportal.portfolio.models import Assessment, ScholarlyWork
from stportal.training.models import Training
from stportal.units.models import Region, Unit

RESIDENTS_PER_PAGE = 50
SUPERVISOR_RELATIONS = frozenset({Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR})


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One page for every role the person holds, their own ST first. Each table of residents
    runs a fixed number of queries however many rows it has (issue 9)."""
    person = request.user
    today = timezone.localdate()
    roles = access.roles(person)
    own = training_overview(
        access.trainings_for(person, through=frozenset({Relation.RESIDENT}))
    ).first()
    own_timeline = timeline_of(own, today) if own else None
    context: dict[str, object] = {
        "roles": roles,
        "own_training": own,
        "own_timeline": own_timeline,
        "own_findings": findings_of(own, own_timeline) if own and own_timeline else [],
        "supervised": _open_findings_first(
            access.trainings_for(person, through=SUPERVISOR_RELATIONS), today
        ),
        "is_supervisor": Role.SUPERVISOR in roles,
        "unit_head_units": Unit.objects.filter(pk__in=access.unit_ids(person, Role.UNIT_HEAD)),
        "unit_trainings": with_timelines(
            trainings_for_listing(
                access.trainings_for(person, through=frozenset({Relation.UNIT_HEAD}))
            ),
            today,
        ),
        "admin_regions": Region.objects.filter(pk__in=access.region_ids(person, Role.ADMIN)),
        "is_research_supervisor": Role.RESEARCH_SUPERVISOR in roles,
        # R8.5 (G 5.1.2): the medical adviser approves where the unit head is not a doctor.
        "is_medical_adviser": Role.MEDICAL_ADVISER in roles,
        "distance_awaited": access.distance_approvals_awaited(person),
        "assessments_to_do": Assessment.objects.filter(
            assessor=request.user, completed_at__isnull=True
        ).select_related("training__resident", "training__home_unit__region"),  # method_name
        "research_works": ScholarlyWork.objects.filter(
            research_supervisor=request.user
        ).select_related("training__resident"),
    }
    if Role.DIRECTOR in roles:
        context.update(_director_listing(request, today))
    return render(request, "web/home.html", context)


@require_safe
@never_cache
@login_required
def keep_alive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Nothing but a request of a logged-in session, which SessionActivityMiddleware renews:
    keep-alive.js asks for it while a form on the page has unsaved changes, so that writing a
    long text for longer than the idle timeout does not end the session (review finding 9).
    A session that has already ended is sent to log in, as on every page."""
    return HttpResponse(status=204)


def _open_findings_first(trainings: QuerySet[Training], today: date) -> list[Training]:
    """A supervisor's residents, those with the most open findings first (issue 5)."""
    found = with_findings(trainings_for_follow_up(trainings), today)
    return sorted(found, key=lambda t: -t.open_count)


def _director_listing(request: AuthenticatedHttpRequest, today: date) -> dict[str, object]:
    """Every resident of the director's regions, searchable and paged."""
    regions = Region.objects.filter(pk__in=access.region_ids(request.user, Role.DIRECTOR))
    units = Unit.objects.filter(region__in=regions, trainings__isnull=False).distinct()
    text = request.GET.get("q", "").strip()[:100]
    unit_id = query_number(request, "unit")
    trainings = search_trainings(
        access.trainings_for(request.user, through=frozenset({Relation.DIRECTOR})),
        text=text,
        unit_id=unit_id,
    )
    page = Paginator(trainings_for_listing(trainings), RESIDENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = with_timelines(page.object_list, today)
    return {
        "director_regions": regions,
        "director_units": units,
        "director_page": page,
        "director_query": text,
        "director_unit_id": unit_id,
    }
