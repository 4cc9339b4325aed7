from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "stportal.demo"
    verbose_name = "Demodata"
