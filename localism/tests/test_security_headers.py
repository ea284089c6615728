"""Every page carries a Content-Security-Policy that allows no inline script without the page's
nonce and no other origin."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/wards/", "/hubs/", "/accessibility/", "/accounts/login/", "/open-data/", "/api/v1/docs/"]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}


@pytest.mark.parametrize("url", PAGES)
def test_each_page_allows_scripts_only_from_the_site_or_with_its_nonce(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert all(source == "'self'" or source.startswith("'nonce-") for source in scripts)
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    nonce = next(s for s in scripts if s.startswith("'nonce-"))[len("'nonce-"):-1]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline, "the page has its inline script"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline)


def test_each_response_gets_a_new_nonce(client):
    first, second = (_policy(client.get("/"))["script-src"] for _ in range(2))
    assert first != second


def test_no_other_origin_is_allowed():
    from csp.constants import NONCE
    from django.conf import settings

    for sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values():
        assert all(s is NONCE or s.startswith("'") or s == "data:" for s in sources), sources
