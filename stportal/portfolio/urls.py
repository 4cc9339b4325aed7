from django.urls import path

from stportal.portfolio import views

app_name = "portfolio"
P = "trainings/<int:training_id>/portfolio/"

urlpatterns = [
    path(
        "trainings/<int:training_id>/milestones/<str:code>/done/",
        views.milestone_done,
        name="milestone_done",
    ),
    path(P, views.portfolio, name="portfolio"),
    path(P + "supervision/", views.supervision, name="supervision"),
    path(
        P + "supervision/<int:session_id>/confirm/",
        views.supervision_confirm,
        name="supervision_confirm",
    ),
    path(P + "supervision/distance/<str:role>/", views.distance_approve, name="distance_approve"),
    path(P + "study-time/", views.study_time, name="study_time"),
    path(P + "assessments/", views.assessments, name="assessments"),
    path(
        "assessments/<int:assessment_id>/",
        views.assessment_complete,
        name="assessment_complete",
    ),
    path(P + "courses/", views.courses, name="courses"),
    path(
        P + "courses/<int:course_id>/certificate/",
        views.course_certificate,
        name="course_certificate",
    ),
    path(P + "works/<str:kind>/", views.scholarly, name="scholarly"),
    path(P + "annual/<int:year>/", views.annual_review, name="annual_review"),
    path(P + "annual/<int:year>/<str:part>/", views.annual_review_part, name="annual_review_part"),
    path(P + "annual/<int:year>.pdf", views.annual_review_pdf, name="annual_review_pdf"),
    path(P + "goals/", views.goals, name="goals"),
    path(P + "goals/<str:code>/", views.goal_judge, name="goal_judge"),
    path("links/assessment/<str:token>/", views.assessment_link, name="assessment_link"),
]
