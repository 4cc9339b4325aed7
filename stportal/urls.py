from django.contrib import admin
from django.urls import include, path, register_converter

from stportal.api import api
from stportal.http import IdConverter

# Ids in the apps' URL patterns (`<id:training_id>`): registered before they are included.
register_converter(IdConverter, "id")

admin.site.site_header = "ST-portalen – administration"
admin.site.site_title = "ST-portalen"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("stportal.web.urls")),
    path("", include("stportal.training.urls", namespace="training")),
    path("", include("stportal.plans.urls", namespace="plans")),
    path("", include("stportal.portfolio.urls", namespace="portfolio")),
]
