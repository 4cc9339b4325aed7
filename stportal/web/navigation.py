"""Back to a page of a training after a form, at the part the person was working on."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from stportal.training.models import Training


def back_to(name: str, training: Training, anchor: str = "") -> HttpResponseRedirect:
    """A redirect to the training's page `name`, scrolled to `anchor` when given."""
    return redirect(reverse(name, args=[training.pk]) + (f"#{anchor}" if anchor else ""))
