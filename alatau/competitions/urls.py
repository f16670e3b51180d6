from django.urls import path

from alatau.competitions import views, views_entries, views_import, views_online, views_timing

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

# Season standings (cups): the public pages and the organiser's form.
from alatau.competitions import views_standings  # noqa: E402

urlpatterns += [
    path("cups/", views_standings.cup_list, name="cup-list"),
    path("cups/new/", views_standings.cup_edit, name="cup-new"),
    path("cups/<int:cup_id>/", views_standings.cup_detail, name="cup-detail"),
    path("cups/<int:cup_id>/edit/", views_standings.cup_edit, name="cup-edit"),
    path("cups/<int:cup_id>/standings.csv", views_standings.cup_csv, name="cup-csv"),
]

# FIS points lists, points by hand and the jury.
urlpatterns += [
    path("points-lists/", views_entries.points_lists, name="points-lists"),
    path("<int:race_id>/office/points/", views_entries.race_points, name="race-points"),
    path("<int:race_id>/office/jury/", views_entries.race_jury, name="race-jury"),
    path("online-entries/", views_online.online_races, name="online-entries"),
    path("<int:race_id>/enter/", views_online.race_enter, name="race-enter"),
    path("<int:race_id>/office/online/", views_online.race_requests, name="race-requests"),
    path("<int:race_id>/office/import/", views_import.race_import, name="race-import"),
]

# The race day's first steps and the timing file import in the browser.
from alatau.competitions import views_raceday  # noqa: E402

urlpatterns += [
    path("office/new-event/", views_raceday.event_new, name="event-new"),
    path("office/event/<int:event_id>/new-race/", views_raceday.race_new, name="race-new"),
    path("<int:race_id>/office/run/<int:run>/import/", views_raceday.run_import, name="race-run-import"),
]
