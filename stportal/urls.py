from django.contrib import admin
from django.urls import include, path

from stportal.api import api

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
