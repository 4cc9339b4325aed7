"""Rows of a training that the time page and the time plan add, change and remove: absences
and employment steps (this app), placements (registered by the plans app). Every change is
kept with who and when by the models' history. A change is saved only if the row is still what
its form was built on, and a form posted twice saves one row (issue 10,
`services.row_save`)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from stportal import access
from stportal.access import Action
from stportal.fields import SEEN_VERSION, show_refusal
from stportal.http import AuthenticatedHttpRequest
from stportal.navigation import back_to
from stportal.training import services
from stportal.training.forms import AbsenceForm, EmploymentStepForm
from stportal.training.models import Absence, EmploymentStep, Training
from stportal.training.views.time import time_page

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Editable:
    """A kind of row on the time page or the time plan that some relation may add, change and
    remove; `page` is the URL name of the page the rows are on, `render` draws that page with a
    form shown again with its errors."""

    model: type[Model]
    form_class: Callable[..., ModelForm[Any]]
    action: Action
    anchor: str
    title_new: StrOrPromise
    title_edit: StrOrPromise
    saved: StrOrPromise
    deleted: StrOrPromise
    page: str
    render: Callable[..., HttpResponse]
    # The services of a kind of row that a rule governs beyond its form and the database: `save`
    # takes the form's unsaved row, the fields changed and whether the person decides on
    # absences (True when the change voided a decision); `remove` takes the training, the row's
    # id and the same (True when one was removed). Either raises a ValidationError when the rule
    # forbids it. Without them a row is saved, or removed, as it is.
    save: Callable[[Any, Collection[str], bool], bool] | None = None
    remove: Callable[..., bool] | None = None


# The kinds of rows by their name in URLs; other apps add theirs with `register`.
EDITABLE: dict[str, Editable] = {
    "absences": Editable(
        Absence,
        AbsenceForm,
        Action.EDIT_ABSENCES,
        "absences",
        _("New absence"),
        _("Change absence"),
        _("The absence is saved and the time recomputed."),
        _("The absence is removed and the time recomputed."),
        "training:time",
        time_page,
        lambda row, changed, may_decide: services.absence_save(
            absence=row, changed_fields=changed, may_decide=may_decide
        ),
        services.absence_remove,
    ),
    "employment": Editable(
        EmploymentStep,
        EmploymentStepForm,
        Action.EDIT_EMPLOYMENT,
        "employment",
        _("New employment percent"),
        _("Change employment percent"),
        _("The employment percent is saved and the time recomputed."),
        _("The change of employment percent is removed and the time recomputed."),
        "training:time",
        time_page,
        lambda row, changed, may_decide: services.employment_step_save(step=row),
    ),
}


def register(kind: str, editable: Editable) -> None:
    """Another app's kind of row (the plans app's placements), edited through these views."""
    EDITABLE[kind] = editable


class RowKindConverter:
    """A kind of row in EDITABLE; any other is 404 (looked up when a request comes, so the kinds
    registered by other apps count)."""

    regex = "[a-z_]+"

    def to_python(self, value: str) -> str:
        if value not in EDITABLE:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


@login_required
@require_POST
def row_new(request: AuthenticatedHttpRequest, training_id: int, kind: str) -> HttpResponse:
    editable = EDITABLE[kind]
    training = access.training_for(request.user, training_id, editable.action)
    form = editable.form_class(request.POST, training=training)
    if not form.is_valid():
        return editable.render(request, training, **{kind: form})
    try:
        _save(editable, form, _may_decide(request, training))
    except ValidationError as refused:
        show_refusal(form, refused)
        return editable.render(request, training, **{kind: form})
    messages.success(request, editable.saved)
    return _back_to_time_page(training, editable)


@login_required
def row_edit(
    request: AuthenticatedHttpRequest, training_id: int, kind: str, row_id: int
) -> HttpResponse:
    editable = EDITABLE[kind]
    training = access.training_for(request.user, training_id, editable.action)
    row = get_object_or_404(editable.model, pk=row_id, training=training)
    form = editable.form_class(request.POST or None, instance=row, training=training)
    if request.method == "POST" and form.is_valid():
        try:
            voided_decision = _save(editable, form, _may_decide(request, training))
        except ValidationError as refused:
            show_refusal(form, refused)
        else:
            messages.success(request, editable.saved)
            if voided_decision:
                messages.warning(request, _("The spell changed, so it needs a new decision."))
            return _back_to_time_page(training, editable)
    context = {
        "training": training,
        "form": form,
        "title": editable.title_edit,
        "kind": kind,
        "page": editable.page,
    }
    return render(request, "training/time_row_form.html", {**context, "row": row})


@login_required
@require_POST
def row_delete(
    request: AuthenticatedHttpRequest, training_id: int, kind: str, row_id: int
) -> HttpResponse:
    editable = EDITABLE[kind]
    training = access.training_for(request.user, training_id, editable.action)
    try:
        # Posted twice, the second finds nothing to remove: same result, no error page.
        deleted = _remove(editable, training, row_id, _may_decide(request, training))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return _back_to_time_page(training, editable)
    if deleted:
        messages.success(request, editable.deleted)
    return _back_to_time_page(training, editable)


def _save(editable: Editable, form: ModelForm[Any], may_decide: bool) -> bool:
    """Saves the valid form's row through its kind's service when it has one, if the row is
    still what the form was built on; True when the change voided a decision."""
    row = form.save(commit=False)
    changed = form.changed_data
    kind_save = editable.save
    return services.row_save(
        row=row,
        changed_fields=changed,
        seen_version=form.cleaned_data.get(SEEN_VERSION),
        save=None if kind_save is None else lambda: kind_save(row, changed, may_decide),
    )


def _remove(editable: Editable, training: Training, row_id: int, may_decide: bool) -> bool:
    """Removes the training's row through its kind's service when it has one; True when one was
    removed, False when there was none."""
    if editable.remove is not None:
        return editable.remove(training=training, row_id=row_id, may_decide=may_decide)
    rows = editable.model._default_manager.filter(pk=row_id, training=training)
    deleted, _rows = rows.delete()
    return bool(deleted)


def _may_decide(request: AuthenticatedHttpRequest, training: Training) -> bool:
    """Whether the person decides on absences (R1.3), so may change a decided spell."""
    return access.can(request.user, Action.DECIDE_ABSENCE, training)


def _back_to_time_page(training: Training, editable: Editable) -> HttpResponse:
    return back_to(editable.page, training, editable.anchor)
