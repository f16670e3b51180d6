from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from alatau.core import audit_views, views
from alatau.core.login import ThrottledAuthenticationForm

T = "alatau/auth/"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name=T + "login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path(
        "accounts/logout/", auth_views.LogoutView.as_view(template_name=T + "logged_out.html"), name="logout"
    ),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(template_name=T + "password_change_form.html"),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name=T + "password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=T + "password_reset_form.html",
            email_template_name=T + "password_reset_email.txt",
            subject_template_name=T + "password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name=T + "password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=T + "password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name=T + "password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
