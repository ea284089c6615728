from django.urls import path

from .views import plans as views

app_name = "plans"
urlpatterns = [
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/status/", views.plan_status, name="status"),
    path("<int:pk>/history/", views.plan_history, name="history"),
    path("<int:pk>/history/compare/", views.plan_compare, name="compare"),
    path("<int:pk>/spending/new/", views.spend_new, name="spend-new"),
    path("<int:pk>/priorities/new/", views.priority_new, name="priority-new"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority-delete"),
    path("priorities/<int:pk>/move/", views.priority_move, name="priority-move"),
    path("priorities/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action-delete"),
    path("actions/<int:pk>/progress/", views.progress_new, name="progress-new"),
]
