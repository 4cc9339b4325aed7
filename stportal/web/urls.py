from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path, reverse_lazy
from django.utils.functional import lazy
from django.views.generic import RedirectView

from stportal.web import routines, views
from stportal.web.passwords import ThrottledPasswordChangeView

# Issue 12 item 2 (and issue 18 item 2): changing and resetting a password are the product's own
# pages, Django's views with templates named here, since the admin's registration/ templates of
# the same names would win (the admin comes first in INSTALLED_APPS). A reset link never logs
# in by itself (post_reset_login stays off): the new password is tried on the login page, under
# its throttle (stportal.login_throttle), like any other; the change page checks the old
# password under it too (stportal.web.passwords).
PASSWORD_PAGES = [
    path(
        "password/",
        ThrottledPasswordChangeView.as_view(template_name="web/password_change_form.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="web/password_reset_form.html",
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
            post_reset_login=False,
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("routines/<slug:key>/", routines.routine_values, name="routine_values"),
    *PASSWORD_PAGES,
    # The site's icon (base.html names it) for the pages that do not, the admin's: looked up on
    # the first request, when the static files' manifest is there (issue 12 item 14).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("stportal/favicon.svg")),
        name="favicon",
    ),
]
