from django.urls import path

from stportal.plans.views import plan as views
from stportal.plans.views import rotations, time_plan

app_name = "plans"
T = "trainings/<id:training_id>/"
ROTATION = T + "time-plan/<id:placement_id>/"

urlpatterns = [
    path(T + "plan/", views.plan, name="plan"),
    path(T + "plan/general/", views.plan_general, name="plan_general"),
    path(T + "plan/goals/<str:code>/", views.plan_goal, name="plan_goal"),
    path(T + "plan/director-review/", views.director_review, name="director_review"),
    path(T + "agreement/", views.agreement, name="agreement"),
    path(T + "documents/<str:kind>/start/", views.plan_start, name="plan_start"),
    path(T + "documents/<str:kind>/sign/", views.sign, name="plan_sign"),
    path(T + "documents/<str:kind>/versions/", views.version_list, name="plan_versions"),
    path(T + "documents/<str:kind>/v<id:number>.pdf", views.version_pdf, name="plan_pdf"),
    path(T + "time-plan/", time_plan.time_plan, name="time_plan"),
    path(ROTATION + "days/", time_plan.home_return_day_new, name="home_return_day_new"),
    path(
        ROTATION + "days/<id:day_id>/delete/",
        time_plan.home_return_day_delete,
        name="home_return_day_delete",
    ),
    path(ROTATION + "contract/", rotations.contract, name="rotation_contract"),
    path(ROTATION + "contract/send/", rotations.contract_send, name="rotation_contract_send"),
    path(
        ROTATION + "contract/certificate-request/",
        rotations.certificate_request,
        name="rotation_certificate_request",
    ),
    path(
        ROTATION + "<str:document>.pdf",
        rotations.contract_pdf,
        name="rotation_pdf",
    ),
    path("links/<str:token>/", rotations.rotation_link, name="rotation_link"),
]
