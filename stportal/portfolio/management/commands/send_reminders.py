"""Reminders by e-mail, run daily (cron or a systemd timer): `manage.py send_reminders`.

- Residents, of rotations whose receiving unit is to be contacted soon (R6.2); once a rotation.
- Assessors without an account whose assessor was approved, before their link expires: a new
  link (R9.1); once.

A training whose stored dates cannot be computed (issue 10: a date put straight into the database)
is skipped with one warning naming it, so the other residents and the assessors still get theirs.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from stportal import links
from stportal.adapters.time_plan import placements_of, time_plan_findings
from stportal.adapters.timeline import UncomputableTraining
from stportal.plans import services as plan_services
from stportal.portfolio import services
from stportal.portfolio.models import Assessment
from stportal.training.models import Training

REMIND_BEFORE_EXPIRY = timedelta(days=3)
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "E-mails residents about rotation contact deadlines within the warning window (R6.2)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        with translation.override("sv"):
            trainings = Training.objects.select_related("resident", "home_unit__region")
            for training in trainings.filter(placements__kind="rotation").distinct():
                try:
                    sent += self._remind(training)
                except UncomputableTraining as error:
                    logger.warning(
                        "send_reminders: training %s (%s) skipped: %d stored date(s) outside "
                        "the plausible range to correct",
                        training.pk,
                        training.resident.username,
                        len(error.rows),
                    )
            sent += self._remind_assessors()
        self.stdout.write(f"{sent} reminder(s) sent")

    def _remind_assessors(self) -> int:
        threshold = timezone.now() - (links.max_age() - REMIND_BEFORE_EXPIRY)
        waiting = Assessment.objects.filter(
            assessor__isnull=True,
            assessor_approved_at__isnull=False,
            completed_at__isnull=True,
            reminded_at__isnull=True,
            link_sent_at__lte=threshold,
        ).select_related("training__resident", "training__home_unit__region")
        sent = 0
        for item in waiting:
            services.assessment_link_send(
                item=item,
                base_url=settings.STPORTAL_BASE_URL,
                now=timezone.now(),
                template="portfolio/email_assessment_reminder.txt",
                reminder=True,
            )
            sent += 1
        return sent

    def _remind(self, training: Training) -> int:
        placements = placements_of(training)
        due = [
            finding
            for finding in time_plan_findings(training, placements, timezone.localdate())
            if finding.code == "rotation_contact_due"
        ]
        sent = 0
        for finding in due:
            key = finding.subject["key"]
            if isinstance(key, int) and plan_services.contact_reminder_send(
                training=training, placement_id=key, finding=finding
            ):
                sent += 1
        return sent
