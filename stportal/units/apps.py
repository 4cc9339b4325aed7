from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "stportal.units"
    verbose_name = "Regioner och enheter"
