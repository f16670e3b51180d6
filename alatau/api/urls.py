from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(title="Alatau API", version="1", urls_namespace="api-1", docs_url="/docs")

urlpatterns = [path("v1/", api.urls)]
