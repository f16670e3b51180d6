from django.urls import path

from alatau.licences import office_views, payment_views, queue_views, revoke_views, views

app_name = "licences"
urlpatterns = [
    path("", views.licence_list, name="licence-list"),
    path("request/", views.licence_request, name="licence-request"),
    path("workspace/", office_views.workspace, name="workspace"),
    path("queue/", queue_views.licence_queue, name="queue"),
    path("request/bulk/", office_views.bulk_request, name="bulk-request"),
    path("payments/", payment_views.payment_list, name="payments"),
    path("payments/export.csv", payment_views.payment_export, name="payment-export"),
    path("<int:pk>/payment/", payment_views.licence_payment, name="licence-payment"),
    path("<int:pk>/receipt.pdf", payment_views.licence_receipt, name="licence-receipt"),
    path("<int:pk>/withdraw/", office_views.withdraw, name="licence-withdraw"),
    path("<int:pk>/", views.licence_detail, name="licence-detail"),
    path("<int:pk>/approve/", views.licence_approve, name="licence-approve"),
    path("<int:pk>/activate/", views.licence_activate, name="licence-activate"),
    path("<int:pk>/refuse/", views.licence_refuse, name="licence-refuse"),
    path("<int:pk>/revoke/", revoke_views.licence_revoke, name="licence-revoke"),
    path("<int:pk>/card.pdf", views.licence_card, name="licence-card"),
    path("check/", views.licence_check, name="licence-check"),
    path("verify/<uuid:token>/", views.licence_verify, name="licence-verify"),
]
