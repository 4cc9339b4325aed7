"""Pages: each view asks stportal.access, calls a selector, renders."""

from collections.abc import Iterable
from typing import Any

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
from stportal.adapters.tasks import Tasks, tasks_for
from stportal.adapters.timeline import timeline_of
from stportal.adapters.trainings import (
    search_trainings,
    training_overview,
)
from stportal.http import AuthenticatedHttpRequest, query_number
from stportal.people.models import Person, Role
from stportal.portfolio.models import ScholarlyWork
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
    # Issue 12 item 5: what this person must do now, and what waits for others; every training
    # the person relates to, with its findings, read once (adapters.tasks).
    director = _director_listing(request) if Role.DIRECTOR in roles else None
    shown = [t.pk for t in director["director_page"].object_list] if director else None
    tasks = tasks_for(person, today, directed=shown)
    followed = {training.pk: training for training in tasks.trainings}
    context: dict[str, object] = {
        "roles": roles,
        "tasks": tasks,
        "own_training": own,
        "own_timeline": own_timeline,
        "own_findings": getattr(followed.get(own.pk), "findings", []) if own else [],
        "supervised": _open_findings_first(tasks, SUPERVISOR_RELATIONS),
        "is_supervisor": Role.SUPERVISOR in roles,
        "unit_head_units": _units_headed(person),
        "unit_trainings": _with_open_counts(
            _rows(access.trainings_for(person, through=frozenset({Relation.UNIT_HEAD})))
            if Role.UNIT_HEAD in roles
            else [],
            followed,
        ),
        "admin_regions": Region.objects.filter(pk__in=access.region_ids(person, Role.ADMIN))
        if Role.ADMIN in roles
        else [],
        "is_research_supervisor": Role.RESEARCH_SUPERVISOR in roles,
        # R8.5 (G 5.1.2): the medical adviser approves where the unit head is not a doctor.
        "is_medical_adviser": Role.MEDICAL_ADVISER in roles,
        "distance_awaited": tasks.distance_awaited,
        "research_works": ScholarlyWork.objects.filter(
            research_supervisor=request.user
        ).select_related("training__resident"),
    }
    if director is not None:
        page = director["director_page"]
        page.object_list = _with_open_counts(page.object_list, followed)
        context.update(director)
    return render(request, "web/home.html", context)


def _units_headed(person: Person) -> list[Unit]:
    """The units the person heads, without a query when they head none."""
    ids = access.unit_ids(person, Role.UNIT_HEAD)
    return list(Unit.objects.filter(pk__in=ids)) if ids else []


@require_safe
@never_cache
@login_required
def keep_alive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Nothing but a request of a logged-in session, which SessionActivityMiddleware renews:
    keep-alive.js asks for it while a form on the page has unsaved changes, so that writing a
    long text for longer than the idle timeout does not end the session (review finding 9).
    A session that has already ended is sent to log in, as on every page."""
    return HttpResponse(status=204)


def _open_findings_first(tasks: Tasks, through: frozenset[Relation]) -> list[Training]:
    """A supervisor's residents, those with the most open findings first (issue 5): of the
    trainings the person relates to (adapters.tasks), with their findings, those held
    `through` the relations."""
    found = [t for t in tasks.trainings if tasks.relations[t.pk] & through]
    return sorted(found, key=lambda t: -t.open_count)


def _rows(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """A table's rows with the names it shows, in the listing's order; their timelines and
    findings come from the trainings followed for the person's tasks (_with_open_counts)."""
    return trainings.select_related("resident", "home_unit__region", "main_supervisor").order_by(
        "resident__last_name", "resident__first_name", "pk"
    )


def _with_open_counts(
    trainings: Iterable[Training], followed: dict[int, Training]
) -> list[Training]:
    """The rows of a table, each with its timeline and its open findings counted as the
    follow-up page it links to lists them (issue 12 item 4: the count and the page show the
    same set), from the trainings already followed for the person's tasks."""
    found = list(trainings)
    for training in found:
        known = followed.get(training.pk)
        training.timeline = getattr(known, "timeline", None)
        training.findings = list(getattr(known, "findings", []))
        training.open_count = len(training.findings)
    return found


def _director_listing(request: AuthenticatedHttpRequest) -> dict[str, Any]:
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
    page = Paginator(_rows(trainings), RESIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return {
        "director_regions": regions,
        "director_units": units,
        "director_page": page,
        "director_query": text,
        "director_unit_id": unit_id,
    }
