from django.urls import path

from .views import community as views

# Under the `assets` namespace (assets/urls.py).
urlpatterns = [
    path("community-value/", views.community_value_list, name="community-value-list"),
    path("community-value/unsuccessful/", views.unsuccessful_list, name="community-value-unsuccessful"),
    path("community-value/<int:pk>/", views.community_value_detail, name="community-value"),
]
