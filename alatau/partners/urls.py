from django.urls import URLPattern, URLResolver, path

from alatau.partners import views

app_name = "partners"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/", views.decide, name="revision-decide"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
