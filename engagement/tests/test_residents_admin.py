"""Residents' details in admin: read-only, listed in a fixed number of queries; the privacy
notice states the retention period."""

import pytest
from django.urls import reverse

from localism.accounts.tests.factories import UserFactory

from .test_residents import resident

pytestmark = pytest.mark.django_db


def test_admins_list_residents_details_without_a_query_per_row(client, django_assert_max_num_queries):
    client.force_login(UserFactory(admin=True))
    url = reverse("admin:engagement_residentprofile_changelist")
    resident("one@example.org")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(5):
        resident(f"r{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200 and "r4@example.org" in page.content.decode()
    profile = resident("helped@example.org").resident_profile
    change = client.get(reverse("admin:engagement_residentprofile_change", args=[profile.pk])).content.decode()
    assert 'name="postcode"' not in change  # read-only


def test_the_privacy_notice_states_the_response_data_period(client, settings):
    settings.RESPONSE_DATA_DAYS = 200
    page = client.get(reverse("privacy")).content.decode()
    assert "200 days after the consultation closes" in page
