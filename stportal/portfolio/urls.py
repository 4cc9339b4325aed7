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
    path(P + "assessments/", assessments.assessments, name="assessments"),
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
    path("links/assessment/<str:token>/", assessments.assessment_link, name="assessment_link"),
]
