from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stportal.demo.seed import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Creates the demo regions, units, people and trainings (never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.STPORTAL_ENVIRONMENT == "production":
            raise CommandError("Demo data is never seeded in a production configuration.")
        names = demo_seed(timezone.localdate())
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for name in names:
            self.stdout.write(f"  {name}")
