"""Courses taken and their certificates (R7.4, R9.5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import access
from stportal.access import Action
from stportal.fields import show_refusal
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.forms import CourseForm
from stportal.portfolio.models import CERTIFICATE_SUFFIXES, CourseRecord
from stportal.training.routine import profile_of


@login_required
def courses(request: AuthenticatedHttpRequest, training_id: int) -> HttpResponse:
    training = access.training_for(request.user, training_id)
    may_record = access.can(request.user, Action.RECORD_COURSE, training)
    profile = profile_of(training)
    form = CourseForm(
        request.POST or None,
        request.FILES or None,
        profile=profile,
        goals=plan_services.goal_choices(training, planned_as={"course"}),
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        form.instance.training = training
        form.instance.uploaded_by = request.user
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.course_record(
                    training=training,
                    person=request.user,
                    course_code=data["course_code"],
                    name=data["name"],
                    from_date=data["from_date"],
                    to_date=data["to_date"],
                    goals=data["goals"],
                    certificate=data["certificate"] or None,
                    submission_key=data["submission_key"],
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
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
def course_certificate(
    request: AuthenticatedHttpRequest, training_id: int, course_id: int
) -> FileResponse:
    training = access.training_for(request.user, training_id)
    record = get_object_or_404(CourseRecord, pk=course_id, training=training)
    if not record.certificate:
        raise Http404
    suffix = CERTIFICATE_SUFFIXES.get(record.certificate_type, ".bin")
    return FileResponse(
        record.certificate.open("rb"),
        as_attachment=True,
        filename=f"intyg-{record.pk}{suffix}",
        content_type=record.certificate_type or "application/octet-stream",
    )
