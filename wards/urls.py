from django.urls import path

from .views import forums as forum_views
from .views import geography as views

app_name = "wards"
urlpatterns = [
    path("", views.ward_list, name="list"),
    path("find/", views.find, name="find"),
    path("<slug:slug>/meetings.ics", forum_views.ward_meetings_ical, name="meetings-ical"),
    path("<slug:slug>/", views.ward_detail, name="detail"),
    path("<slug:slug>/boundary.geojson", views.ward_boundary, name="boundary"),
]
