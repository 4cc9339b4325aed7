from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from stportal.routines import registry
from stportal.routines.loader import ProfileError


class RoutinesConfig(AppConfig):
    name = "stportal.routines"
    verbose_name = "Rutinprofiler"

    def ready(self) -> None:
        # A missing or malformed profile stops the application, naming the file and the key.
        try:
            registry.install(settings.ROUTINE_PROFILE_DIRS)
        except ProfileError as error:
            raise ImproperlyConfigured(f"Routine profile error: {error}") from error
