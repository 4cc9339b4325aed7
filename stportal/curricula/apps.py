from django.apps import AppConfig


class CurriculaConfig(AppConfig):
    name = "stportal.curricula"
    verbose_name = "Målbeskrivningar"
