from django.urls import path

from alatau.competitions import views

app_name = "competitions"
urlpatterns = [
    path("", views.calendar, name="calendar"),
]
