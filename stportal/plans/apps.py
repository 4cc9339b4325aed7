from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "stportal.plans"
    verbose_name = _("Training plans and agreements")
