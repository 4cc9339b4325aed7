from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stportal.web"
    verbose_name = "Webb"
