"""The plan pages (issue 4): the IUP by delmål, the agreement, versions and their comparison,
signing, the director's yearly review and the documents as PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.adapters.timeline import timeline_of
from stportal.curricula.models import Goal
from stportal.http import AuthenticatedHttpRequest, query_number
from stportal.navigation import back_to
from stportal.plans import services
from stportal.plans.forms import (
    ACTIVITY_LABELS,
    STUDY_TIME_LABELS,
    ActivityFormSet,
    AgreementForm,
    DirectorReviewForm,
    GeneralForm,
    GoalForm,
    SignForm,
)
from stportal.plans.models import DocumentKind, Establishment, PlanVersion, SignerRole
from stportal.plans.pdf import PDF_NAMES, pdf_filename, pdf_response
from stportal.rules.drafting import GoalCoverage, coverage
from stportal.rules.plan_content import AgreementContent, GoalPlan, PlanContent, PlannedActivity
from stportal.timeline.dates import add_months
from stportal.training.models import Training
from stportal.training.routine import profile_of

PAGE = {DocumentKind.TRAINING_PLAN: "plans:plan", DocumentKind.AGREEMENT: "plans:agreement"}


def _kind(kind: str) -> DocumentKind:
    if kind not in DocumentKind.values:
        raise Http404
    return DocumentKind(kind)


# --- The IUP ----------------------------------------------------------------------------


@login_required
def plan(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    version = services.latest(training, DocumentKind.TRAINING_PLAN)
    may = access.permitted_actions(request.user, training)
    context = {
        "training": training,
        "may_edit": Action.EDIT_PLAN in may,
        **_document_context(request, training, version),
        **_director_reviews(training, Action.RECORD_DIRECTOR_REVIEW in may),
    }
    if version is not None:
        context.update(_plan_body(training, version))
    return render(request, "plans/plan.html", context)


def _plan_body(
    training: Training, version: PlanVersion, goals: list[Goal] | None = None
) -> dict[str, Any]:
    """What the plan's document shows, on the screen and in the PDF alike."""
    goals = goals if goals is not None else services.goal_specs(training)
    document = version.document
    assert isinstance(document, PlanContent)
    covered = {c.code: c for c in coverage(services.specs(goals), document)}
    methods = profile_of(training).assessments.method_names()
    # The supervisors' judgements (portfolio.GoalProgress, through the training's relation: the
    # plans app sits below the portfolio).
    met = set(training.goal_progress.filter(status="met").values_list("goal", flat=True))
    rows = [
        {
            "goal": goal,
            "plan": document.goals.get(goal.code, GoalPlan()),
            "coverage": covered[goal.code],
            "state": goal_state(covered[goal.code], met=goal.code in met),
            "assessments": [
                methods.get(code, code)
                for code in document.goals.get(goal.code, GoalPlan()).assessments
            ],
        }
        for goal in goals
    ]
    states = [row["state"] for row in rows]
    planned_kinds = {a.kind for goal in document.goals.values() for a in goal.activities}
    placed = set(training.placements.values_list("kind", flat=True))
    return {
        "document": document,
        "goal_rows": rows,
        # Service the IUP counts on that the time plan has no placement for (R6.1).
        "unplaced": [k for k in ("rotation", "auskultation") if k in planned_kinds - placed],
        "uncovered": [
            row for goal, row in zip(goals, rows, strict=True) if not covered[goal.code].covered
        ],
        # Issue 12 item 16: the counts of the summary at the top of the IUP.
        "goal_summary": {
            "total": len(rows),
            "planned": sum(state in ("planned", "met") for state in states),
            "incomplete": states.count("incomplete"),
            "nothing_planned": states.count("nothing_planned"),
            "met": states.count("met"),
        },
        "activity_labels": ACTIVITY_LABELS,
        "study_time_label": STUDY_TIME_LABELS[document.study_time],
        "supervisors": [training.main_supervisor, *training.co_supervisors.all()],
    }


def goal_state(coverage: GoalCoverage, *, met: bool) -> str:
    """A delmål's state on the IUP's one line (issue 12 item 16): judged met by the supervisor
    (R5.5, V: "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms av handledare och
    verksamhetschef"), planned (the plan holds activities of every kind the curriculum
    prescribes; R2.2, V: "Individuell utbildningsplan (IUP) ska upprättas inom 6 månader"),
    incomplete (activities, but a prescribed kind missing) or nothing planned."""
    if met:
        return "met"
    if not coverage.planned:
        return "nothing_planned"
    return "incomplete" if coverage.missing else "planned"


def _document_context(
    request: AuthenticatedHttpRequest, training: Training, version: PlanVersion | None
) -> dict[str, Any]:
    """The version's status, signatures and the signing buttons the person may use; what is in
    force and what is pending (R2.6, issue 12)."""
    if version is None:
        return {"version": None}
    signed = {s.role: s for s in version.signatures.select_related("person")}
    needed = services.requirement(training, version)
    mine = services.roles_to_sign(request.user, training, version)
    return {
        "version": version,
        "signer_rows": [(role, signed.get(role)) for role in needed.roles],
        **_in_force_context(training, version, needed),
        "sign_forms": [
            (
                role,
                SignForm(initial={"version": version.pk, "digest": version.digest, "role": role}),
            )
            for role in mine
        ],
        # Issue 12 item 16: which unsigned rows wait for this person and which for others.
        "my_sign_roles": mine,
        "prerequisites": services.prerequisites(
            training,
            version.kind,
            completion=timeline_of(training, timezone.localdate()).projected_completion,
        ),
        "version_count": version.number,
    }


SHORT_DIFF = 12  # rows of "what changed" on the plan's page; the versions page shows them all


def _in_force_context(
    training: Training, version: PlanVersion, needed: services.Requirement
) -> dict[str, Any]:
    """R2.6 (G 4.1.1: "revideras kontinuerligt, av handledare och ST-läkare"): the version in
    force (number, date, who signed) and, when the newest version is not it, the pending
    revision: what it changes from the one in force and who still has to sign."""
    current = version if version.established_at else needed.base
    if current is None:
        return {"in_force": None}
    context: dict[str, Any] = {
        "in_force": current,
        "in_force_signatures": [
            (signature, _role_names([SignerRole(signature.role)]))
            for signature in current.signatures.select_related("person")
        ],
        "pending": None,
    }
    if current.pk != version.pk:
        changes = _describe_changes(training, current, version)
        signed = {s.role for s in version.signatures.all()}
        context.update(
            pending=version,
            pending_revision=needed.revision,
            pending_signers=_role_names(needed.roles),
            pending_changes=changes[:SHORT_DIFF],
            pending_more=max(0, len(changes) - SHORT_DIFF),
            pending_roles=_role_names([role for role in needed.roles if role not in signed]),
        )
    return context


def _role_names(roles: list[SignerRole]) -> str:
    """The roles mid-sentence, in lower case but for an abbreviation ("ST-läkare, huvudhandledare",
    issue 12 item 13)."""
    names = [str(SignerRole(role).label) for role in roles]
    return ", ".join(n if n[1:2].isupper() else n[:1].lower() + n[1:] for n in names)


def _director_reviews(training: Training, may_record: bool) -> dict[str, Any]:
    """R2.6: the director takes part at least once a year; one row per ST year so far."""
    if not profile_of(training).director_involvement.enabled:
        return {}
    interval = profile_of(training).director_involvement.interval_months or 12
    completion = timeline_of(training, timezone.localdate()).projected_completion
    recorded = {r.year: r for r in training.director_reviews.select_related("recorded_by")}
    today = timezone.localdate()
    rows, year = [], 1
    while (due := add_months(training.start_date, interval * year)) <= completion:
        rows.append(
            {
                "year": year,
                "due": due,
                "review": recorded.get(year),
                "overdue": due < today and year not in recorded,
            }
        )
        year += 1
    return {
        "director_rows": rows,
        "review_form": DirectorReviewForm(initial={"held_on": today}) if may_record else None,
    }


@login_required
@require_POST
def plan_start(request: AuthenticatedHttpRequest, training_id: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    action = Action.EDIT_PLAN if kind == DocumentKind.TRAINING_PLAN else Action.EDIT_AGREEMENT
    training = access.training_for(request.user, training_id, action)
    services.plan_version_start(training=training, kind=kind, person=request.user)
    return redirect(PAGE[kind], training_id=training.pk)


@login_required
def plan_general(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.EDIT_PLAN)
    version = _draft_or_404(training, DocumentKind.TRAINING_PLAN)
    profile = profile_of(training)
    document = version.document
    assert isinstance(document, PlanContent)
    form = GeneralForm.for_plan(document, version.digest, profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def edit(current: Any) -> Any:
            return current.model_copy(
                update={
                    k: data[k]
                    for k in ("overall_goals", "study_time", "study_time_note", "supervision")
                }
            )

        if _changed(request, training, DocumentKind.TRAINING_PLAN, data["base"], edit):
            return redirect("plans:plan", training_id=training.pk)
    return render(
        request, "plans/plan_general.html", {"training": training, "form": form, "version": version}
    )


@login_required
def plan_goal(request: AuthenticatedHttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.EDIT_PLAN)
    version = _draft_or_404(training, DocumentKind.TRAINING_PLAN)
    goal = services.goal_of(training, code)
    if goal is None:
        raise Http404
    document = version.document
    assert isinstance(document, PlanContent)
    current = document.goals.get(code, GoalPlan())
    profile = profile_of(training)
    data = request.POST or None
    form = GoalForm(
        data,
        profile=profile,
        initial={
            "base": version.digest,
            "assessments": current.assessments,
            "notes": current.notes,
        },
    )
    activities = ActivityFormSet(
        data, prefix="activities", initial=[a.model_dump() for a in current.activities]
    )
    if request.method == "POST" and form.is_valid() and activities.is_valid():
        planned = [
            PlannedActivity(kind=row["kind"], description=row["description"], year=row["year"])
            for row in activities.cleaned_data
            if row and row.get("kind") and not row.get("DELETE")
        ]
        goal_plan = GoalPlan(
            activities=planned,
            assessments=form.cleaned_data["assessments"],
            notes=form.cleaned_data["notes"],
        )

        def edit(content: Any) -> Any:
            return content.model_copy(update={"goals": {**content.goals, code: goal_plan}})

        if _changed(request, training, DocumentKind.TRAINING_PLAN, form.cleaned_data["base"], edit):
            return back_to("plans:plan", training, f"goal-{code}")
    return render(
        request,
        "plans/plan_goal.html",
        {
            "training": training,
            "goal": goal,
            "form": form,
            "activities": activities,
            "version": version,
        },
    )


def _draft_or_404(training: Training, kind: str) -> PlanVersion:
    version = services.latest(training, kind)
    if version is None:
        raise Http404
    return version


def _changed(
    request: AuthenticatedHttpRequest,
    training: Training,
    kind: str,
    base: str,
    edit: Callable[[services.Document], services.Document],
) -> bool:
    try:
        version = services.plan_version_save(
            training=training, kind=kind, base_digest=base, person=request.user, edit=edit
        )
    except services.PlanError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, _("Saved as version %(number)d.") % {"number": version.number})
    return True


# --- The agreement ------------------------------------------------------------------------


@login_required
def agreement(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    version = services.latest(training, DocumentKind.AGREEMENT)
    may_edit = access.can(request.user, Action.EDIT_AGREEMENT, training)
    profile = profile_of(training)
    form = None
    if version is not None and may_edit:
        document = version.document
        initial = {**document.model_dump(), "base": version.digest}
        form = AgreementForm(request.POST or None, initial=initial, profile=profile)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data

            def edit(current: Any) -> Any:
                plan = services.latest(training, DocumentKind.TRAINING_PLAN)
                return current.model_copy(
                    update={
                        "study_time": data["study_time"],
                        "study_time_note": data["study_time_note"],
                        "other_terms": data["other_terms"],
                        "plan_version": plan.number if plan else None,
                    }
                )

            if _changed(request, training, DocumentKind.AGREEMENT, data["base"], edit):
                return redirect("plans:agreement", training_id=training.pk)
    entry = services.routine_entry(training, DocumentKind.AGREEMENT)
    context = {
        "training": training,
        "name": entry.name,
        # R2.4 (G): who signs the ST-kontrakt is our assumption; the page says so (issue 11).
        "signers_assumed": entry.why.get("signers", "") if entry.is_assumed("signers") else "",
        "may_edit": may_edit,
        "form": form,
        **_document_context(request, training, version),
    }
    if version is not None:
        context.update(_agreement_body(training, version))
    return render(request, "plans/agreement.html", context)


def _agreement_body(training: Training, version: PlanVersion) -> dict[str, Any]:
    document = version.document
    assert isinstance(document, AgreementContent)
    return {
        "document": document,
        "study_time_label": STUDY_TIME_LABELS[document.study_time],
        "placements": training.placements.select_related("unit").order_by("from_date"),
        "completion": timeline_of(training, timezone.localdate()).projected_completion,
        "name": services.routine_entry(training, DocumentKind.AGREEMENT).name,
    }


# --- Signing, versions, PDFs ----------------------------------------------------------------


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest, training_id: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    training = access.training_for(request.user, training_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    try:
        version = services.plan_version_sign(
            training=training,
            version_id=data["version"],
            seen_digest=data["digest"],
            role=data["role"],
            person=request.user,
            completion=timeline_of(training, timezone.localdate()).projected_completion,
            now=timezone.now(),
        )
    except PlanVersion.DoesNotExist:
        raise Http404 from None
    except services.PlanError as error:
        messages.error(request, str(error))
    else:
        message = _("Signed version %(number)d.") % {"number": version.number}
        if version.established_at and version.established_as == Establishment.REVISION:
            message += " " + _("The revision is established and is now the plan in force.")
        elif version.established_at:
            message += " " + _("All have signed: the version is established.")
        messages.success(request, message)
    return redirect(PAGE[kind], training_id=training.pk)


@login_required
def version_list(request: AuthenticatedHttpRequest, training_id: int, kind: str) -> HttpResponse:
    kind = _kind(kind)
    training = access.training_for(request.user, training_id)
    found = services.versions(training, kind)
    by_number = {v.number: v for v in found}
    older = query_number(request, "from")
    newer = query_number(request, "to")
    changes = None
    if older in by_number and newer in by_number:
        changes = _describe_changes(training, by_number[older], by_number[newer])
    return render(
        request,
        "plans/versions.html",
        {
            "training": training,
            "kind": kind,
            "versions": found,
            "changes": changes,
            "older": older,
            "newer": newer,
            "page": PAGE[kind],
            "in_force": services.in_force(training, kind),
        },
    )


def _describe_changes(
    training: Training, older: PlanVersion, newer: PlanVersion
) -> list[tuple[str, str, str]]:
    from stportal.plans.labels import describe
    from stportal.rules.plan_content import compare

    goals = {g.code: g for g in services.goal_specs(training)}
    return [
        (describe(path, goals), before, after)
        for path, before, after in compare(older.content, newer.content)
    ]


@login_required
def version_pdf(
    request: AuthenticatedHttpRequest, training_id: int, kind: str, number: int
) -> HttpResponse:
    kind = _kind(kind)
    training = access.training_for(request.user, training_id)
    version = training.plan_versions.filter(kind=kind, number=number).first()
    if version is None:
        raise Http404
    body = (
        _plan_body(training, version)
        if kind == DocumentKind.TRAINING_PLAN
        else _agreement_body(training, version)
    )
    signed = {s.role: s for s in version.signatures.select_related("person")}
    needed = services.requirement(training, version).roles
    context = {
        "training": training,
        "version": version,
        "signer_rows": [(r, signed.get(r)) for r in needed],
        "printed_at": timezone.localtime(),
        **body,
    }
    template = (
        "plans/plan_pdf.html" if kind == DocumentKind.TRAINING_PLAN else "plans/agreement_pdf.html"
    )
    document_name = (
        PDF_NAMES["training_plan"]
        if kind == DocumentKind.TRAINING_PLAN
        else profile_of(training).agreement.name
    )
    filename = pdf_filename(document_name, training.resident.username, f"v{version.number}")
    return pdf_response(render_to_string(template, context, request=request), filename)


# --- The director's yearly involvement (R2.6) --------------------------------------------


@login_required
@require_POST
def director_review(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.RECORD_DIRECTOR_REVIEW)
    form = DirectorReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The review was not recorded: check the year and the date."))
        return back_to("plans:plan", training, "director")
    try:
        services.director_review_record(training=training, person=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The director's review is recorded."))
    return back_to("plans:plan", training, "director")
