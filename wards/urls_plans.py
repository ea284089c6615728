from django.urls import path

from .views import plans as views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/", views.plan_detail, name="detail"),
]
