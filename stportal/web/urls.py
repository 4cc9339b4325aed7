from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from stportal.web import time_views, views


class RowKindConverter:
    """The kinds of rows the time page edits (time_views.EDITABLE); others are 404."""

    regex = "|".join(time_views.EDITABLE)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RowKindConverter, "rowkind")

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("trainings/<int:training_id>/", views.training_detail, name="training_detail"),
    path(
        "trainings/<int:training_id>/history/",
        views.training_history,
        name="training_history",
    ),
    path("my-time/", time_views.my_time, name="my_time"),
    path("trainings/<int:training_id>/time/", time_views.training_time, name="training_time"),
    path(
        "trainings/<int:training_id>/time/<rowkind:kind>/new/",
        time_views.row_new,
        name="time_row_new",
    ),
    path(
        "trainings/<int:training_id>/time/<rowkind:kind>/<int:row_id>/",
        time_views.row_edit,
        name="time_row_edit",
    ),
    path(
        "trainings/<int:training_id>/time/<rowkind:kind>/<int:row_id>/delete/",
        time_views.row_delete,
        name="time_row_delete",
    ),
    path(
        "trainings/<int:training_id>/time/absences/<int:row_id>/decision/",
        time_views.absence_decision,
        name="absence_decision",
    ),
]
