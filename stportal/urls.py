from django.contrib import admin
from django.urls import include, path, register_converter

from stportal.api import api
from stportal.http import IdConverter
from stportal.regional_admin import AdminJavaScriptCatalog

# Ids in the apps' URL patterns (`<id:training_id>`): registered before they are included.
register_converter(IdConverter, "id")

admin.site.site_header = "ST-portalen – administration"
admin.site.site_title = "ST-portalen"

urlpatterns = [
    # The admin's JavaScript catalogue with what Django's Swedish one lacks (issue 12 item 14), in
    # the place of the admin's own (admin:jsi18n, the same path, which the admin's pages name).
    path(
        "admin/jsi18n/",
        admin.site.admin_view(
            AdminJavaScriptCatalog.as_view(packages=["django.contrib.admin"]), cacheable=True
        ),
        name="admin_jsi18n",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("stportal.web.urls")),
    path("", include("stportal.training.urls", namespace="training")),
    path("", include("stportal.plans.urls", namespace="plans")),
    path("", include("stportal.portfolio.urls", namespace="portfolio")),
    path("", include("stportal.application.urls", namespace="application")),
]
