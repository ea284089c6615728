from django.urls import path, re_path

from .views import contributions as views

app_name = "contributions"

urlpatterns = [
    path("", views.index, name="index"),
    path("wards/<slug:slug>/", views.ward_contributions, name="ward"),
    path("wards/<slug:slug>/neighbourhood-cil/allocate/", views.allocate_neighbourhood_cil, name="allocate-ncil"),
    re_path(r"^funding-statement/(?P<period>\d{4}-\d{2})/$", views.funding_statement, name="statement"),
    re_path(r"^data/(?P<dataset>[a-z-]{1,40})\.csv$", views.export, name="export"),
    path("record/", views.record_transaction, name="record"),
    path("allocate/", views.allocate_s106, name="allocate-s106"),
    path("at-risk/", views.at_risk, name="at-risk"),
]
