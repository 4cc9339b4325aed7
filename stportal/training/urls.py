from django.urls import path, register_converter

from stportal.training.views import clinical_work, overview, rows, time

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
    # Issue 11: the own patient list (R10.1) and on-call duty (R10.2).
    path(T + "clinical-work/", clinical_work.clinical_work, name="clinical_work"),
    path(
        T + "clinical-work/patient-list/",
        clinical_work.patient_list_record,
        name="patient_list_record",
    ),
    path(
        T + "clinical-work/patient-list/<id:row_id>/remove/",
        clinical_work.patient_list_remove,
        name="patient_list_remove",
    ),
    path(T + "clinical-work/on-call/", clinical_work.on_call_record, name="on_call_record"),
    path(
        T + "clinical-work/on-call/<id:row_id>/remove/",
        clinical_work.on_call_remove,
        name="on_call_remove",
    ),
]
