from django.urls import URLPattern, URLResolver, path

from alatau.sites import project_views, views, views_mapdeco

app_name = "sites"
urlpatterns: list[URLPattern | URLResolver] = [
    path("studies/", views.study_list, name="study-list"),
    path("studies/<int:pk>/", views.study_detail, name="study-detail"),
    path("studies/<int:pk>/status.json", views.study_status, name="study-status"),
    path("studies/<int:pk>/cancel/", views.study_cancel, name="study-cancel"),
    path("studies/<int:pk>/rerun/", views.study_rerun, name="study-rerun"),
    path("studies/<int:pk>/result.geojson", views.study_geojson, name="study-geojson"),
    path("layers/", views.layer_list, name="layer-list"),
    path("tiles/hillshade/<int:z>/<int:x>/<int:y>.png", views.hillshade, name="hillshade"),
    path("projects/", project_views.project_list, name="project-list"),
    path("projects/new/", project_views.project_create, name="project-create"),
    path("projects/compare/", project_views.project_compare, name="project-compare"),
    path("projects/<int:pk>/", project_views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", project_views.project_edit, name="project-edit"),
    path("projects/<int:pk>/variant/", project_views.project_copy, name="project-copy"),
    path("projects/<int:pk>/plan.geojson", project_views.project_geojson, name="project-geojson"),
    path("projects/<int:pk>/plan.kml", project_views.project_kml, name="project-kml"),
    path("border/<str:country>.geojson", views.border, name="border"),
    path("projects/<int:pk>/report.pdf", project_views.project_pdf, name="project-pdf"),
    path("places.geojson", views_mapdeco.places, name="places"),
]
