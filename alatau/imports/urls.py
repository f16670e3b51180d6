from django.urls import URLPattern, URLResolver, path, re_path

from alatau.imports import views

app_name = "imports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.upload, name="upload"),
    path("<int:pk>/mapping/", views.mapping, name="mapping"),
    path("<int:pk>/encoding/", views.choose_encoding, name="encoding"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/done/", views.done, name="done"),
    path("export/", views.export, name="export"),
    re_path(r"^export/(?P<what>members|licences)\.(?P<fmt>csv|xlsx)$", views.export_file, name="export-file"),
]
