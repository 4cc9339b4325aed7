"""The portfolio pages (issue 5): supervision log, study time, assessments, courses, written and
quality work, annual reviews, delmål progress, and the follow-up that says what is missing."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stportal import access, links
from stportal.access import Action, Relation
from stportal.adapters.followup import evidence_by_goal, findings_of, week_facts
from stportal.adapters.timeline import timeline_of
from stportal.links import LinkError, Purpose
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind
from stportal.plans.pdf import pdf_response
from stportal.portfolio import services
from stportal.portfolio.forms import (
    AnnualPartForm,
    AssessmentForm,
    AssessmentRequestForm,
    CourseForm,
    GoalProgressForm,
    ScholarlyWorkForm,
    StudyTimeForm,
    SupervisionForm,
)
from stportal.portfolio.models import (
    ANNUAL_REVIEW_PARTS,
    AnnualReview,
    Assessment,
    CourseRecord,
    DistanceApproval,
    GoalProgress,
    MilestoneRecord,
    ScholarlyKind,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionSession,
)
from stportal.rules.study_time import ledger, monday
from stportal.timeline.dates import add_months
from stportal.training.models import Training
from stportal.training.routine import profile_of

# Who writes and signs each part of the annual review (R9.3, R9.4, R2.6).
PART_AUTHORS = {
    "resident_report": Relation.RESIDENT,
    "supervisor_statement": Relation.MAIN_SUPERVISOR,
    "director_review": Relation.DIRECTOR,
}
PART_LABELS = {
    "resident_report": gettext_lazy("Annual report (resident)"),
    "supervisor_statement": gettext_lazy("Supervisor's statement"),
    "director_review": gettext_lazy("Director's review"),
}
SIGNER_FIELD = {part: field.replace("_at", "_by") for part, field in ANNUAL_REVIEW_PARTS.items()}
# Who approves supervision at a distance, by the role the routine names (R8.5).
APPROVER_RELATION = {
    "director": Relation.DIRECTOR,
    "unit_head": Relation.UNIT_HEAD,
    "main_supervisor": Relation.MAIN_SUPERVISOR,
}


# --- The follow-up ----------------------------------------------------------------------------


@login_required
def portfolio(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "training": training,
            "findings": findings_of(training),
            "counts": {
                "supervision": training.supervision_sessions.count(),
                "assessments": training.assessments.filter(completed_at__isnull=False).count(),
                "courses": training.courses.count(),
            },
        },
    )


# --- Supervision (R8.4–R8.6) -----------------------------------------------------------------


def _distance_allowed(training: Training) -> bool:
    """R8.5: approved by the roles the region names, and not before the ST year it names."""
    entry = profile_of(training).distance_supervision
    if not entry.requires_approval:
        return True
    year = add_months(training.start_date, 12 * ((entry.earliest_training_year or 1) - 1))
    if timezone.localdate() < year:
        return False
    approved = set(training.distance_approvals.values_list("role", flat=True))
    return set(entry.approvers) <= approved


@login_required
def supervision(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_log = access.can(request.user, Action.LOG_SUPERVISION, training)
    form = SupervisionForm(
        request.POST or None,
        distance_allowed=_distance_allowed(training),
        initial={"held_on": timezone.localdate(), "minutes": 60, "form": "individual"},
    )
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied
        if form.is_valid():
            session = form.save(commit=False)
            session.training, session.written_by = training, access.person(request)
            session.save()
            messages.success(request, _("The supervision session is logged."))
            return back_to("portfolio:supervision", training, "sessions")
    entry = profile_of(training).distance_supervision
    held = access.relations(request.user, training)
    approvals = {a.role: a for a in training.distance_approvals.select_related("person")}
    return render(
        request,
        "portfolio/supervision.html",
        {
            "training": training,
            "form": form if may_log else None,
            "sessions": training.supervision_sessions.select_related("written_by", "confirmed_by"),
            "distance": entry,
            "approvals": [(role, approvals.get(role)) for role in entry.approvers],
            "may_approve": [
                r
                for r in entry.approvers
                if APPROVER_RELATION.get(r) in held and r not in approvals
            ],
            "me": request.user,
            "minimum": profile_of(training).supervision.min_minutes_per_week,
        },
    )


@login_required
@require_POST
def supervision_confirm(request: HttpRequest, training_id: int, session_id: int):
    training = access.training_for(request.user, training_id, Action.LOG_SUPERVISION)
    session = get_object_or_404(SupervisionSession, pk=session_id, training=training)
    if session.written_by_id == request.user.pk:
        messages.error(request, _("The other side confirms an entry, not its writer."))
    elif session.confirmed_at is None:
        session.confirmed_by, session.confirmed_at = access.person(request), timezone.now()
        session.save(update_fields=["confirmed_by", "confirmed_at"])
        messages.success(request, _("The entry is confirmed."))
    return back_to("portfolio:supervision", training, "sessions")


@login_required
@require_POST
def distance_approve(request: HttpRequest, training_id: int, role: str) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    entry = profile_of(training).distance_supervision
    if role not in entry.approvers or APPROVER_RELATION.get(role) not in access.relations(
        request.user, training
    ):
        raise PermissionDenied
    try:
        with transaction.atomic():
            DistanceApproval.objects.create(
                training=training, role=role, person=access.person(request)
            )
    except IntegrityError:
        pass  # approved already, perhaps a moment ago
    messages.success(request, _("Supervision at a distance is approved."))
    return back_to("portfolio:supervision", training, "distance")


# --- Study time (R3.2–R3.5) ----------------------------------------------------------------------


@login_required
def study_time(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_record = access.can(request.user, Action.RECORD_STUDY_TIME, training)
    form = StudyTimeForm(request.POST or None, initial={"week": monday(timezone.localdate())})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            week = monday(form.cleaned_data["week"])
            StudyTimeEntry.objects.update_or_create(  # a week posted again is corrected
                training=training,
                week=week,
                defaults={
                    "minutes": form.cleaned_data["minutes"],
                    "note": form.cleaned_data["note"],
                },
            )
            messages.success(request, _("The study time is recorded."))
            return back_to("portfolio:study_time", training, "ledger")
    profile = profile_of(training)
    taken = {e.week: e.minutes for e in training.study_time_entries.all()}
    today = timezone.localdate()
    rows = ledger(profile, week_facts(training), training.start_date, today, taken)
    return render(
        request,
        "portfolio/study_time.html",
        {
            "training": training,
            "form": form if may_record else None,
            "rows": rows[::-1],
            "entry": profile.study_time,
            "due_total": sum(r[1] for r in rows),
            "taken_total": sum(r[2] for r in rows),
        },
    )


# --- Assessments (R9.1, R9.2) ------------------------------------------------------------------


@login_required
def assessments(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_request = access.can(request.user, Action.REQUEST_ASSESSMENT, training)
    profile = profile_of(training)
    form = AssessmentRequestForm(
        request.POST or None,
        profile=profile,
        training=training,
        goals=plan_services.goal_choices(training),
    )
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        if form.is_valid():
            item = form.save(commit=False)
            item.training, item.requested_by = training, access.person(request)
            item.goals = form.cleaned_data["goals"]
            item.save()
            if item.assessor is None:
                _send_assessment_link(request, item)
            messages.success(request, _("The assessment is requested."))
            return back_to("portfolio:assessments", training, "list")
    methods = profile.assessments.method_names()
    items = training.assessments.select_related("assessor", "requested_by")
    return render(
        request,
        "portfolio/assessments.html",
        {
            "training": training,
            "form": form if may_request else None,
            "items": items,
            "methods": methods,
            "per_year": profile.assessments.per_year,
            "me": request.user,
            "may_complete": may_request,
        },
    )


def _send_assessment_link(request: HttpRequest, item: Assessment) -> None:
    services.assessment_link_send(
        item=item, base_url=request.build_absolute_uri("/")[:-1], now=timezone.now()
    )


@login_required
def assessment_complete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The assessor with an account records the assessment, or a supervisor of the resident;
    the assessor needs no other relation to the training than being asked."""
    item = get_object_or_404(Assessment.objects.select_related("training"), pk=assessment_id)
    held = access.relations(request.user, item.training)
    supervising = held & {Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR}
    if item.assessor_id != request.user.pk and not supervising:
        if not held:
            raise Http404
        raise PermissionDenied
    if item.completed_at:
        raise PermissionDenied
    if access.can(request.user, Action.VIEW, item.training):
        return _assessment_form(
            request, item, lambda: back_to("portfolio:assessments", item.training, "list")
        )
    return _assessment_form(request, item, lambda: redirect("home"))


def _assessment_form(
    request: HttpRequest, item: Assessment, done: Callable[[], HttpResponse]
) -> HttpResponse:
    form = AssessmentForm(
        request.POST or None,
        instance=item,
        goals=plan_services.goal_choices(item.training),
        initial={"goals": item.goals, "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.goals = form.cleaned_data["goals"]
        saved.completed_at, saved.link_nonce = timezone.now(), ""
        if not saved.assessor_id and request.user.is_authenticated:
            saved.assessor = access.person(request)
        saved.save()
        if request.user.is_authenticated:  # the assessor through a link gets a page of thanks
            messages.success(request, _("The assessment is saved."))
        return done()
    return render(
        request,
        "portfolio/assessment_form.html",
        {
            "item": item,
            "form": form,
            "method": item.method_name,
            "resident": item.training.resident,
        },
    )


def assessment_link(request: HttpRequest, token: str) -> HttpResponse:
    """An assessor without an account completes the assessment through the link."""
    try:
        item, _purpose = links.read(
            token, Assessment.objects.select_related("training__resident"), {Purpose.ASSESS}
        )
    except LinkError as error:
        return links.problem_page(request, error)
    return _assessment_form(
        request, item, lambda: render(request, "portfolio/assessment_done.html", {"item": item})
    )


# --- Courses and certificates (R7.4, R9.5) -------------------------------------------------------


@login_required
def courses(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_record = access.can(request.user, Action.RECORD_COURSE, training)
    profile = profile_of(training)
    form = CourseForm(
        request.POST or None,
        request.FILES or None,
        profile=profile,
        goals=plan_services.goal_choices(training),
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        form.instance.training = training
        form.instance.uploaded_by = access.person(request)
        if form.is_valid():
            record = form.save(commit=False)
            record.goals = form.cleaned_data["goals"]
            record.save()
            messages.success(request, _("The course is recorded."))
            return back_to("portfolio:courses", training, "list")
    taken = {c.course_code for c in training.courses.all()}
    return render(
        request,
        "portfolio/courses.html",
        {
            "training": training,
            "form": form if may_record else None,
            "records": training.courses.all(),
            "catalogue": [(c, c.code in taken) for c in profile.courses.catalogue if c.mandatory],
        },
    )


@login_required
def course_certificate(request: HttpRequest, training_id: int, course_id: int) -> FileResponse:
    training = access.training_for(request.user, training_id)
    record = get_object_or_404(CourseRecord, pk=course_id, training=training)
    if not record.certificate:
        raise Http404
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        record.certificate_type, "bin"
    )
    return FileResponse(
        record.certificate.open("rb"),
        as_attachment=True,
        filename=f"intyg-{record.pk}.{suffix}",
        content_type=record.certificate_type or "application/octet-stream",
    )


# --- Written work and quality work (R4) -----------------------------------------------------------


@login_required
def scholarly(request: HttpRequest, training_id: int, kind: str) -> HttpResponse:
    if kind not in ScholarlyKind.values:
        raise Http404
    training = access.training_for(request.user, training_id, Action.VIEW_SCHOLARLY_WORK)
    may_edit = access.can(request.user, Action.EDIT_SCHOLARLY_WORK, training)
    work = ScholarlyWork.objects.filter(training=training, kind=kind).first()
    form = ScholarlyWorkForm(
        request.POST or None,
        instance=work,
        training=training,
        goals=plan_services.goal_choices(training),
        initial={"goals": work.goals if work else []},
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            saved = form.save(commit=False)
            saved.training, saved.kind = training, kind
            saved.goals = form.cleaned_data["goals"]
            saved.save()
            messages.success(request, _("Saved."))
            return redirect("portfolio:scholarly", training_id=training.pk, kind=kind)
    return render(
        request,
        "portfolio/scholarly.html",
        {
            "training": training,
            "kind": kind,
            "work": work,
            "form": form if may_edit else None,
            "kind_label": ScholarlyKind(kind).label,
            "required": kind == "quality_work" or training.regulation.startswith("SOSFS"),
        },
    )


# --- Annual reviews (R9.3, R9.4, R2.6) ----------------------------------------------------------


@login_required
def annual_review(request: HttpRequest, training_id: int, year: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    due = {m.year: m.due for m in timeline_of(training).milestones if m.code == "annual_review"}
    if year not in due:
        raise Http404
    review = AnnualReview.objects.filter(training=training, year=year).first()
    held = access.relations(request.user, training)
    parts = []
    for part in profile_of(training).annual_review.parts:
        text = getattr(review, part, "") if review else ""
        signed_at = getattr(review, ANNUAL_REVIEW_PARTS[part], None) if review else None
        mine = PART_AUTHORS[part] in held and not signed_at
        parts.append(
            {
                "part": part,
                "label": PART_LABELS[part],
                "text": text,
                "signed_at": signed_at,
                "signed_by": getattr(review, SIGNER_FIELD[part], None) if review else None,
                "form": AnnualPartForm(initial={"text": text}, label=PART_LABELS[part], prefix=part)
                if mine
                else None,
            }
        )
    return render(
        request,
        "portfolio/annual_review.html",
        {"training": training, "year": year, "due": due[year], "parts": parts, "review": review},
    )


@login_required
@require_POST
def annual_review_part(request: HttpRequest, training_id: int, year: int, part: str):
    training = access.training_for(request.user, training_id)
    if part not in profile_of(training).annual_review.parts:
        raise Http404
    if PART_AUTHORS[part] not in access.relations(request.user, training):
        raise PermissionDenied
    form = AnnualPartForm(request.POST, label="", prefix=part)
    url = reverse("portfolio:annual_review", args=[training.pk, year])
    if not form.is_valid():
        messages.error(request, _("Write the text before saving."))
        return redirect(url)
    with transaction.atomic():
        review, _created = AnnualReview.objects.select_for_update().get_or_create(
            training=training, year=year
        )
        if getattr(review, ANNUAL_REVIEW_PARTS[part]):
            messages.error(request, _("This part is signed and cannot be changed."))
            return redirect(url)
        setattr(review, part, form.cleaned_data["text"])
        if "sign" in request.POST:
            setattr(review, ANNUAL_REVIEW_PARTS[part], timezone.now())
            setattr(review, SIGNER_FIELD[part], access.person(request))
        review.save()
    messages.success(request, _("Signed.") if "sign" in request.POST else _("Saved."))
    return redirect(url)


@login_required
def annual_review_pdf(request: HttpRequest, training_id: int, year: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    review = get_object_or_404(AnnualReview, training=training, year=year)
    parts = [
        {
            "label": PART_LABELS[p],
            "text": getattr(review, p),
            "signed_at": getattr(review, ANNUAL_REVIEW_PARTS[p]),
            "signed_by": getattr(review, SIGNER_FIELD[p]),
        }
        for p in profile_of(training).annual_review.parts
    ]
    html = render_to_string(
        "portfolio/annual_review_pdf.html",
        {"training": training, "year": year, "parts": parts, "printed_at": timezone.localtime()},
        request=request,
    )
    return pdf_response(html, f"arsuppfoljning-{training.resident.username}-ar{year}.pdf")


# --- Delmål progress --------------------------------------------------------------------------


@login_required
def goals(request: HttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_judge = access.can(request.user, Action.JUDGE_GOALS, training)
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    planned = plan.document.goals if plan else {}  # type: ignore[union-attr]
    evidence = evidence_by_goal(training)
    progress = {p.goal: p for p in training.goal_progress.select_related("judged_by")}
    rows = [
        {
            "goal": goal,
            "planned": getattr(planned.get(goal.code), "activities", []),
            "evidence": evidence.get(goal.code, []),
            "progress": progress.get(goal.code),
            "form": GoalProgressForm(instance=progress.get(goal.code), prefix=goal.code)
            if may_judge
            else None,
        }
        for goal in plan_services.goal_specs(training)
    ]
    return render(request, "portfolio/goals.html", {"training": training, "rows": rows})


@login_required
@require_POST
def goal_judge(request: HttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.JUDGE_GOALS)
    if plan_services.goal_of(training, code) is None:
        raise Http404
    current = GoalProgress.objects.filter(training=training, goal=code).first()
    form = GoalProgressForm(request.POST, instance=current, prefix=code)
    if form.is_valid():
        saved = form.save(commit=False)
        saved.training, saved.goal, saved.judged_by = training, code, access.person(request)
        saved.save()
        messages.success(request, _("The judgement of %(code)s is saved.") % {"code": code})
    else:
        messages.error(request, _("Choose a judgement."))
    return back_to("portfolio:goals", training, f"goal-{code}")


# --- Milestones documented nowhere else (R5.2, R5.3, R5.6) --------------------------------------


@login_required
@require_POST
def milestone_done(request: HttpRequest, training_id: int, code: str) -> HttpResponse:
    training = access.training_for(request.user, training_id, Action.RECORD_MILESTONE)
    if code not in MilestoneRecord.RECORDABLE:
        raise Http404
    MilestoneRecord.objects.get_or_create(  # posted twice: recorded once
        training=training,
        code=code,
        defaults={"done_on": timezone.localdate(), "recorded_by": access.person(request)},
    )
    messages.success(request, _("The milestone is recorded as done."))
    return back_to("training:time", training)
