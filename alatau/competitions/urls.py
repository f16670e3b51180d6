from django.urls import path

from alatau.competitions import views

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
]

# Season standings (cups): the public pages and the organiser's form.
from alatau.competitions import views_standings  # noqa: E402

urlpatterns += [
    path("cups/", views_standings.cup_list, name="cup-list"),
    path("cups/new/", views_standings.cup_edit, name="cup-new"),
    path("cups/<int:cup_id>/", views_standings.cup_detail, name="cup-detail"),
    path("cups/<int:cup_id>/edit/", views_standings.cup_edit, name="cup-edit"),
    path("cups/<int:cup_id>/standings.csv", views_standings.cup_csv, name="cup-csv"),
]

# The race day's first steps and the timing file import in the browser.
from alatau.competitions import views_raceday  # noqa: E402

urlpatterns += [
    path("office/new-event/", views_raceday.event_new, name="event-new"),
    path("office/event/<int:event_id>/new-race/", views_raceday.race_new, name="race-new"),
    path("<int:race_id>/office/run/<int:run>/import/", views_raceday.run_import, name="race-run-import"),
]
