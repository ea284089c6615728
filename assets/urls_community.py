from django.urls import path

from .views import community as views
from .views import community_steps as steps

# Under the `assets` namespace (assets/urls.py).
urlpatterns = [
    path("community-value/", views.community_value_list, name="community-value-list"),
    path("community-value/unsuccessful/", views.unsuccessful_list, name="community-value-unsuccessful"),
    path("community-value/<int:pk>/", views.community_value_detail, name="community-value"),
    # The asset officers' steps and lists.
    path("community-value/awaiting-decision/", steps.awaiting_decision, name="community-value-awaiting"),
    path("community-value/<int:pk>/<slug:step>/", steps.nomination_step, name="community-value-step"),
    path("transfers/", steps.transfer_list, name="transfers"),
    path("transfers/<int:pk>/", steps.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/<slug:step>/", steps.transfer_step, name="transfer-step"),
]
