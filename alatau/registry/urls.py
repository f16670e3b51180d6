from django.urls import path

from alatau.registry import views

app_name = "registry"
urlpatterns = [
    path("clubs/", views.club_list, name="club-list"),
    path("clubs/new/", views.club_create, name="club-create"),
    path("clubs/<int:pk>/", views.club_detail, name="club-detail"),
    path("clubs/<int:pk>/edit/", views.club_edit, name="club-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/club/", views.person_join, name="person-join"),
]
