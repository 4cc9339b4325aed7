from django.urls import path

from stportal.portfolio.views import (
    annual,
    assessments,
    courses,
    goals,
    overview,
    scholarly,
    study_time,
    supervision,
    unit_head,
)

app_name = "portfolio"
P = "trainings/<id:training_id>/portfolio/"

urlpatterns = [
    path(
        "trainings/<id:training_id>/milestones/<str:code>/done/",
        overview.milestone_done,
        name="milestone_done",
    ),
    path(P, overview.portfolio, name="portfolio"),
    path(P + "supervision/", supervision.supervision, name="supervision"),
    path(
        P + "supervision/<id:session_id>/confirm/",
        supervision.supervision_confirm,
        name="supervision_confirm",
    ),
    path(
        P + "supervision/distance/<str:role>/",
        supervision.distance_approve,
        name="distance_approve",
    ),
    path(P + "study-time/", study_time.study_time, name="study_time"),
    # Issue 11: ST-days, seminars and FQ groups (R3.3, R3.1, R12.1), on the study-time page.
    path(
        P + "study-time/events/",
        study_time.education_event_record,
        name="education_event_record",
    ),
    path(
        P + "study-time/events/<id:event_id>/remove/",
        study_time.education_event_remove,
        name="education_event_remove",
    ),
    path(P + "assessments/", assessments.assessments, name="assessments"),
    path(P + "assessments/record/", assessments.assessment_record, name="assessment_record"),
    path(
        P + "assessments/<id:assessment_id>/approve/",
        assessments.assessment_approve,
        name="assessment_approve",
    ),
    path(
        "assessments/<id:assessment_id>/",
        assessments.assessment_complete,
        name="assessment_complete",
    ),
    path(P + "courses/", courses.courses, name="courses"),
    path(
        P + "courses/<id:course_id>/certificate/",
        courses.course_certificate,
        name="course_certificate",
    ),
    path(P + "works/<str:kind>/", scholarly.scholarly, name="scholarly"),
    path(P + "annual/<id:year>/", annual.annual_review, name="annual_review"),
    path(
        P + "annual/<id:year>/<str:part>/",
        annual.annual_review_part,
        name="annual_review_part",
    ),
    path(P + "annual/<id:year>.pdf", annual.annual_review_pdf, name="annual_review_pdf"),
    path(P + "goals/", goals.goals, name="goals"),
    path(P + "goals/<str:code>/", goals.goal_judge, name="goal_judge"),
    # Issue 11: the unit head's part (R5.5, R9.4, R8.2) and the covering of results (R6.12).
    path(P + "goals/<str:code>/agree/", unit_head.goal_agree, name="goal_agree"),
    path(
        P + "assessments/<id:assessment_id>/fed-back/",
        unit_head.assessment_feed_back,
        name="assessment_feed_back",
    ),
    path(P + "unit-head-check-ins/", unit_head.check_in, name="unit_head_check_in"),
    path(
        P + "main-supervisor-appointment/",
        unit_head.main_supervisor_appointment,
        name="main_supervisor_appointment",
    ),
    path(P + "results-cover/", unit_head.results_cover, name="results_cover"),
    path("links/assessment/<str:token>/", assessments.assessment_link, name="assessment_link"),
]
