from django.urls import path, register_converter

from stportal.training.views import overview, rows, time

app_name = "training"
register_converter(rows.RowKindConverter, "rowkind")

T = "trainings/<id:training_id>/"

urlpatterns = [
    path(T, overview.training_detail, name="detail"),
    path(T + "history/", overview.training_history, name="history"),
    path("my-time/", time.my_time, name="my_time"),
    path(T + "time/", time.training_time, name="time"),
    path(T + "time/<rowkind:kind>/new/", rows.row_new, name="row_new"),
    path(T + "time/<rowkind:kind>/<id:row_id>/", rows.row_edit, name="row_edit"),
    path(T + "time/<rowkind:kind>/<id:row_id>/delete/", rows.row_delete, name="row_delete"),
    path(
        T + "time/absences/<id:row_id>/decision/",
        time.absence_decision,
        name="absence_decision",
    ),
]
