from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationConfig(AppConfig):
    name = "stportal.application"
    verbose_name = _("Application for the specialist certificate")
