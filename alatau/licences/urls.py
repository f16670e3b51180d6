from django.urls import path

from alatau.licences import views

app_name = "licences"
urlpatterns = [
    path("", views.licence_list, name="licence-list"),
    path("request/", views.licence_request, name="licence-request"),
    path("<int:pk>/", views.licence_detail, name="licence-detail"),
    path("<int:pk>/approve/", views.licence_approve, name="licence-approve"),
    path("<int:pk>/activate/", views.licence_activate, name="licence-activate"),
    path("<int:pk>/refuse/", views.licence_refuse, name="licence-refuse"),
    path("<int:pk>/revoke/", views.licence_revoke, name="licence-revoke"),
    path("<int:pk>/card.pdf", views.licence_card, name="licence-card"),
    path("check/", views.licence_check, name="licence-check"),
    path("verify/<uuid:token>/", views.licence_verify, name="licence-verify"),
]
