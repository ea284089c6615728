"""The hub officers' and partners' pages. They come before the public `<slug>/` page, so that
/hubs/manage/ and /hubs/bookings/ are never read as hubs."""

from django.urls import path

from .views import bookings as booking_views
from .views import manage as views
from .views import portfolio, setup

urlpatterns = [
    path("manage/", views.manage, name="manage"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("bookings/mine/", views.my_bookings, name="my-bookings"),
    path("bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("bookings/<int:pk>/approve/", views.booking_approve, name="booking-approve"),
    path("bookings/<int:pk>/reject/", views.booking_reject, name="booking-reject"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/change/", booking_views.booking_change, name="booking-change"),
    path("bookings/<int:pk>/series/", booking_views.booking_series, name="booking-series"),
    path("occupancies/<int:pk>/edit/", views.occupancy_edit, name="occupancy-edit"),
    path("spaces/<int:pk>/edit/", setup.space_edit, name="space-edit"),
    path("spaces/<int:pk>/remove/", setup.space_remove, name="space-remove"),
    path("services/<int:pk>/edit/", setup.service_edit, name="service-edit"),
    path("services/<int:pk>/remove/", setup.service_remove, name="service-remove"),
    path("closures/<int:pk>/", setup.closure_detail, name="closure"),
    path("closures/<int:pk>/edit/", setup.closure_edit, name="closure-edit"),
    path("closures/<int:pk>/remove/", setup.closure_remove, name="closure-remove"),
    path("<slug:slug>/setup/", setup.setup_home, name="setup"),
    path("<slug:slug>/building/", portfolio.hub_building, name="building"),
    path("<slug:slug>/spaces/new/", setup.space_new, name="space-new"),
    path("<slug:slug>/services/new/", setup.service_new, name="service-new"),
    path("<slug:slug>/opening-hours/", setup.opening_hours, name="opening-hours"),
    path("<slug:slug>/closures/new/", setup.closure_new, name="closure-new"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/week/", views.week, name="week"),
    path("<slug:slug>/book/", views.book, name="book"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/occupiers/", views.occupiers, name="occupiers"),
    path("<slug:slug>/occupiers/new/", views.occupancy_new, name="occupancy-new"),
]
