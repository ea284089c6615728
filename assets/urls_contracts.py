from django.urls import path

from .views import contracts as views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_new, name="new"),
    path("import/", views.contract_import, name="import"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/specifications/new/", views.specification_new, name="specification-new"),
    path("<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("<int:pk>/input/new/", views.input_new, name="input-new"),
    path("<int:pk>/input/<int:input_pk>/answer/", views.input_answer, name="input-answer"),
    path("<int:pk>/renewal/", views.renewal_record, name="renewal"),
]
