"""Reminds residents by e-mail of rotations whose receiving unit is to be contacted soon (R6.2).

Run daily (cron or a systemd timer): `manage.py send_reminders`. A rotation is reminded once.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from stportal.plans.models import ContactReminder
from stportal.plans.time_plan import placements_of, time_plan_findings
from stportal.training.models import Training


class Command(BaseCommand):
    help = "E-mails residents about rotation contact deadlines within the warning window (R6.2)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        with translation.override("sv"):
            trainings = Training.objects.select_related("resident", "home_unit__region")
            for training in trainings.filter(placements__kind="rotation").distinct():
                sent += self._remind(training)
        self.stdout.write(f"{sent} reminder(s) sent")

    def _remind(self, training: Training) -> int:
        placements = placements_of(training)
        due = [
            finding
            for finding in time_plan_findings(training, placements)
            if finding.code == "rotation_contact_due"
        ]
        sent = 0
        for finding in due:
            key = finding.subject["key"]
            if not isinstance(key, int):
                continue
            try:
                with transaction.atomic():
                    ContactReminder.objects.create(placement_id=key)
                    text = render_to_string(
                        "plans/email_contact_reminder.txt",
                        {"training": training, "finding": finding},
                    )
                    subject, _blank, body = text.partition("\n")
                    send_mail(subject.strip(), body.strip() + "\n", None, [training.resident.email])
            except IntegrityError:
                continue  # reminded before
            sent += 1
        return sent
