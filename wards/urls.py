from django.urls import path

from .views import geography as views

app_name = "wards"
urlpatterns = [
    path("", views.ward_list, name="list"),
    path("find/", views.find, name="find"),
    path("<slug:slug>/", views.ward_detail, name="detail"),
    path("<slug:slug>/boundary.geojson", views.ward_boundary, name="boundary"),
]
