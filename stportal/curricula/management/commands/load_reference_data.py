from typing import Any

from django.core.management.base import BaseCommand

from stportal.curricula.reference import curricula_load


class Command(BaseCommand):
    help = "Loads or updates the curricula (delmål) from stportal/curricula/data."

    def handle(self, *args: Any, **options: Any) -> None:
        for regulation, count in curricula_load().items():
            self.stdout.write(f"{regulation}: {count} delmål")
