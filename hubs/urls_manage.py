"""The hub officers' and partners' pages. They come before the public `<slug>/` page, so that
/hubs/manage/ and /hubs/bookings/ are never read as hubs."""

from django.urls import path

from .views import bookings as booking_views
from .views import manage as views

urlpatterns = [
    path("manage/", views.manage, name="manage"),
    path("bookings/mine/", views.my_bookings, name="my-bookings"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/approve/", views.booking_approve, name="booking-approve"),
    path("bookings/<int:pk>/reject/", views.booking_reject, name="booking-reject"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/change/", booking_views.booking_change, name="booking-change"),
    path("bookings/<int:pk>/series/", booking_views.booking_series, name="booking-series"),
    path("occupancies/<int:pk>/edit/", views.occupancy_edit, name="occupancy-edit"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/week/", views.week, name="week"),
    path("<slug:slug>/book/", views.book, name="book"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/occupiers/", views.occupiers, name="occupiers"),
    path("<slug:slug>/occupiers/new/", views.occupancy_new, name="occupancy-new"),
]
