"""Ward Plan pages: the councillor's workspace, a plan, and editing it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def workspace(request):
    return render(request, "wards/plans/workspace.html", selectors.workspace_for(request.user))


def plan_detail(request, pk):
    raise NotImplementedError
