from django.urls import path

from alatau.competitions import views, views_timing

app_name = "competitions"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:race_id>/", views.race_detail, name="race-detail"),
    path("<int:race_id>/live/", views.live_page, name="race-live"),
    path("<int:race_id>/speaker/", views.speaker, name="race-speaker"),
    path("<int:race_id>/startlist-<int:run>.pdf", views.startlist_pdf, name="race-startlist-pdf"),
    path("<int:race_id>/results.pdf", views.results_pdf, name="race-results-pdf"),
    path("<int:race_id>/office/entries/", views.office_entries, name="race-entries"),
    path("<int:race_id>/office/run/<int:run>/", views.office_run, name="race-run-times"),
    path("<int:race_id>/office/results/", views.office_results, name="race-office-results"),
    path("<int:race_id>/office/run/<int:run>/hand/", views_timing.office_hand_times, name="race-hand-times"),
    path("<int:race_id>/office/run/<int:run>/timing/", views_timing.office_timing, name="race-timing"),
    path("<int:race_id>/office/timing-form/", views_timing.office_timing_form, name="race-timing-form"),
]
