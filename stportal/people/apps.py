from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "stportal.people"
    verbose_name = "Personer och roller"
