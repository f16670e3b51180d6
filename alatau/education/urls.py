"""Included at /<lang>/: the pages under education/, and the one verification page verify/<code>/."""

from django.urls import URLPattern, URLResolver, path, re_path

from alatau.education import views, views_badges, views_dashboard, views_history, views_renewal
from alatau.education import views_approval as approval_pages

app_name = "education"
E = "education/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(E, views.course_list, name="edu-course-list"),
    path(E + "courses/new/", views.course_create, name="edu-course-create"),
    path(E + "courses/<int:pk>/", views.course_detail, name="edu-course-detail"),
    path(E + "courses/<int:pk>/enrol/", views.course_enrol, name="edu-course-enrol"),
    path(E + "courses/<int:pk>/sessions/", views.session_add, name="edu-course-session-add"),
    path(E + "courses/<int:pk>/complete/", views.course_complete, name="edu-course-complete"),
    path(E + "sessions/<int:pk>/attendance/", views.session_attendance, name="edu-session-attendance"),
    path(E + "enrolments/<int:pk>/assess/", views.enrolment_assess, name="edu-enrolment-assess"),
    path(E + "certificates/", views.certificate_list, name="edu-certificate-list"),
    path(E + "certificates/<int:pk>/", views.certificate_detail, name="edu-certificate-detail"),
    path(E + "certificates/<int:pk>/certificate.pdf", views.certificate_download, name="edu-certificate-pdf"),
    path(E + "certificates/<int:pk>/revoke/", views.certificate_revoke, name="edu-certificate-revoke"),
    path(
        E + "certificates/<int:pk>/badge.json", views_badges.certificate_badge, name="edu-certificate-badge"
    ),
    path(E + "certificates/<int:pk>/renew/", views_renewal.certificate_renew, name="edu-certificate-renew"),
    path(E + "people/<int:pk>/cpd/", views_renewal.person_cpd, name="edu-person-cpd"),
    path(E + "dashboard/", views_dashboard.education_dashboard, name="edu-dashboard"),
    re_path(
        r"^education/dashboard/(?P<what>holders|expiring|pass-rates)\.(?P<fmt>csv|xlsx)$",
        views_dashboard.dashboard_export,
        name="edu-dashboard-export",
    ),
    path(E + "my/", views_dashboard.my_education, name="edu-my"),
    path(E + "import/", views_history.history_upload, name="edu-history-upload"),
    path(E + "import/<int:pk>/", views_history.history_mapping, name="edu-history-mapping"),
    path(E + "import/<int:pk>/confirm/", views_history.history_confirm, name="edu-history-confirm"),
    path(E + "approvals/", approval_pages.approvals, name="edu-approvals"),
    path(E + "enrolments/<int:pk>/decide/", approval_pages.enrolment_decide, name="edu-enrolment-decide"),
    path("verify/<slug:code>/", views.verify, name="verify"),
]
