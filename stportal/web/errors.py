"""A page instead of an error when a training's stored dates cannot be computed (issue 10).

A date outside the plausible range, kept from before the bounds or put straight into the
database, stops the timeline of that training. Its pages then say so and link to each row to
correct, for those who may correct it, instead of answering 500; lists of many trainings carry
on without it (adapters.timeline.with_timelines).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from stportal import access
from stportal.adapters.timeline import UncomputableTraining
from stportal.training.views.rows import EDITABLE


class UncomputableTrainingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UncomputableTraining):
            return None
        training = exception.training
        rows = []
        for row in exception.rows:
            editable = EDITABLE.get(row.kind or "")
            may_correct = editable is not None and access.can(
                request.user, editable.action, training
            )
            url = (
                reverse("training:row_edit", args=[training.pk, row.kind, row.row_id])
                if may_correct
                else None
            )
            rows.append({"label": row.label, "url": url})
        context = {"training": training, "rows": rows}
        return render(request, "web/uncomputable.html", context, status=409)
