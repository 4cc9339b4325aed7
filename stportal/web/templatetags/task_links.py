"""Where a finding is acted on, for the templates that list findings (issue 12, item 1):
`{% load task_links %}{% finding_place finding training as place %}` gives the page's address
(`place.url`) and the link's text (`place.label`), from adapters.tasks.PLACES."""

from __future__ import annotations

from django import template

from stportal.adapters.tasks import finding_label, finding_url
from stportal.timeline.findings import Finding
from stportal.training.models import Training

register = template.Library()


@register.simple_tag
def finding_place(finding: Finding, training: Training | None) -> dict[str, str] | None:
    """The link to where the finding is done; None without a training."""
    if training is None or not isinstance(finding, Finding):
        return None
    return {"url": finding_url(training, finding), "label": finding_label(finding)}
