from django.urls import path

from .views import actions, history, plans, priorities, spending

app_name = "plans"
urlpatterns = [
    path("new/", plans.plan_new, name="new"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("<int:pk>/status/", plans.plan_status, name="status"),
    path("<int:pk>/publish/", plans.plan_publish, name="publish"),
    path("<int:pk>/history/", history.plan_history, name="history"),
    path("<int:pk>/history/compare/", history.plan_compare, name="compare"),
    path("<int:pk>/spending/new/", spending.spend_new, name="spend-new"),
    path("<int:pk>/priorities/new/", priorities.priority_new, name="priority-new"),
    path("priorities/<int:pk>/edit/", priorities.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/delete/", priorities.priority_delete, name="priority-delete"),
    path("priorities/<int:pk>/move/", priorities.priority_move, name="priority-move"),
    path("priorities/<int:pk>/position/", priorities.priority_move_to, name="priority-move-to"),
    path("priorities/<int:pk>/actions/new/", actions.action_new, name="action-new"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", actions.action_delete, name="action-delete"),
    path("actions/<int:pk>/position/", actions.action_move_to, name="action-move-to"),
    path("actions/<int:pk>/progress/", actions.progress_new, name="progress-new"),
    path("<int:plan_pk>/spending/<int:pk>/edit/", spending.spend_edit, name="spend-edit"),
    path("<int:plan_pk>/spending/<int:pk>/delete/", spending.spend_delete, name="spend-delete"),
]
