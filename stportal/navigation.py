"""Back to a page of a training after a form, at the part the person was working on. Used by the
pages of every domain app, so it imports none of them."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse


def back_to(name: str, training: Model, anchor: str = "") -> HttpResponseRedirect:
    """A redirect to the training's page `name`, scrolled to `anchor` when given."""
    return redirect(reverse(name, args=[training.pk]) + (f"#{anchor}" if anchor else ""))
