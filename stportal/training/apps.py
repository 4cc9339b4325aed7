from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "stportal.training"
    verbose_name = "ST-utbildningar"
