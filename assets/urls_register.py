from django.urls import path

from .views import register as views

urlpatterns = [
    path("", views.asset_list, name="list"),
    path("export.csv", views.register_export, name="export"),
    path("new/", views.asset_new, name="new"),
    path("import/", views.register_import, name="import"),
    path("disposals/", views.disposals, name="disposals"),
    path("<int:pk>/", views.asset_detail, name="asset"),
    path("<int:pk>/edit/", views.asset_edit, name="edit"),
    path("<int:pk>/disposal/", views.disposal_confirm, name="disposal-confirm"),
]
