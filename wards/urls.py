from django.urls import path

from .views import forums as forum_views
from .views import geography as views
from .views import profiles as profile_views

app_name = "wards"
urlpatterns = [
    path("", views.ward_list, name="list"),
    path("find/", views.find, name="find"),
    path("profiles/", profile_views.ward_ranking, name="profiles"),
    path("<slug:slug>/meetings.ics", forum_views.ward_meetings_ical, name="meetings-ical"),
    path("<slug:slug>/", views.ward_detail, name="detail"),
    path("<slug:slug>/boundary.geojson", views.ward_boundary, name="boundary"),
]
