from django.urls import path

from .views import forums as views

app_name = "forums"
urlpatterns = [
    path("<int:pk>/", views.forum_detail, name="detail"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/record/", views.meeting_record, name="meeting-record"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
]
