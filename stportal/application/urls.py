from django.urls import path

from stportal.application.views import link, package

app_name = "application"
A = "trainings/<id:training_id>/application/"

urlpatterns = [
    path(A, package.package_page, name="package"),
    path(A + "print/", package.print_package, name="print"),
    path(A + "certificates/<str:key>/confirm/", package.confirm, name="confirm"),
    # Issue 13 item 3: a certifier without an account confirms through a link.
    path(A + "certificates/<str:key>/send/", link.send, name="certificate_send"),
    path("links/certificate/<str:token>/", link.certificate_link, name="certificate_link"),
]
