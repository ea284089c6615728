from django.urls import path

from .views import forums as views

app_name = "forums"
urlpatterns = [
    path("new/", views.forum_new, name="new"),
    path("<int:pk>/", views.forum_detail, name="detail"),
    path("<int:pk>/edit/", views.forum_edit, name="edit"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/record/", views.meeting_record, name="meeting-record"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/minutes-file/", views.meeting_minutes_file, name="meeting-minutes-file"),
    path("meetings/<int:pk>/minutes-file/download/", views.meeting_minutes_download, name="meeting-minutes-download"),
]
