"""Ideas in admin: read with their support, hidden with a reason through the service."""

import pytest
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory

from ..models import Idea
from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_an_admin_hides_an_idea_with_a_reason_and_reads_its_support(client):
    admin_user = UserFactory(admin=True)
    idea = IdeaFactory()
    SupportFactory.create_batch(2, idea=idea)
    client.force_login(admin_user)
    url = reverse("admin:engagement_idea_change", args=[idea.pk])
    page = client.get(url)
    assert page.status_code == 200 and "With an account" in page.content.decode()
    assert "browser-" not in page.content.decode()  # the browser keys are not shown
    response = client.post(url, {"hidden_reason": "Names a neighbour", "loaded_version": idea.version,
                                 "supports-TOTAL_FORMS": 2, "supports-INITIAL_FORMS": 2,
                                 "supports-0-id": idea.supports.all()[0].pk, "supports-0-idea": idea.pk,
                                 "supports-1-id": idea.supports.all()[1].pk, "supports-1-idea": idea.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    idea = Idea.objects.get()
    assert (idea.hidden_by, idea.hidden_reason) == (admin_user, "Names a neighbour")
    assert idea.supports.count() == 2
    assert client.get(reverse("admin:engagement_idea_add")).status_code == 403
