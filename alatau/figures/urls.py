from django.urls import URLPattern, URLResolver, path

from alatau.figures import views

app_name = "figures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:key>.csv", views.table_csv, name="table-csv"),
]
