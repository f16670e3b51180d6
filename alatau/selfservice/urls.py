from django.urls import path

from alatau.selfservice import views

app_name = "selfservice"
urlpatterns = [
    path("", views.my_page, name="my-page"),
    path("invite/<int:pk>/", views.invite, name="invite"),
    path("claim/", views.ask_for_link, name="ask"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path("<int:pk>/contact/", views.contact, name="contact"),
    path("licences/<int:pk>/card.pdf", views.card, name="card"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
]
