"""Context every page needs: the service navigation, with the current section marked, and the
links of the header and footer."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from localism.accounts.roles import Role

# (label, url name, the path prefix that marks the item as current)
NAVIGATION = [
    ("Home", "home", None),
    ("Find your ward", "wards:find", "/wards/find/"),
    ("Wards", "wards:list", "/wards/"),
    ("Hubs", "hubs:list", "/hubs/"),
    ("Have your say", "engagement:consultations", "/consultations/"),
    ("Open data", "reports:open-data", "/open-data/"),
    ("API", "api-docs", "/api/"),
]
WORKSPACE = ("Your workspace", "workspace", "/workspace/")
NOTIFICATIONS = ("Notifications", "notifications:list", "/notifications/")
REPORTS = ("Reports", "report-runs:list", "/reports/")
# What each role is signed in to do, after the public items (and in this order).
ROLE_NAVIGATION = {
    Role.COUNCILLOR: [WORKSPACE],
    Role.OFFICER: [WORKSPACE, ("Manage hubs", "hubs:manage", "/hubs/manage/"), REPORTS],
    Role.ADMIN: [WORKSPACE, REPORTS],
    Role.PARTNER: [WORKSPACE, ("Your bookings", "hubs:my-bookings", "/hubs/bookings/mine/"),
                   ("API token", "api-token", "/accounts/token/")],
    Role.RESIDENT: [("Your answers and ideas", "engagement:resident-you", "/residents/")],
}


def navigation_for(user) -> list[tuple[str, str, str | None]]:
    """The public items, then the signed-in user's own: every signed-in user has a workspace."""
    if not (user and user.is_authenticated):
        return NAVIGATION
    return NAVIGATION + ROLE_NAVIGATION.get(user.role, [WORKSPACE]) + [NOTIFICATIONS]


# The pages every page links to (header and footer), by the name base.html uses.
SITE_LINKS = {"login": "login", "contact": "contact", "accessibility": "accessibility",
              "privacy": "privacy", "cookies": "cookies"}


@lru_cache(maxsize=64)
def _address(url_name: str, urlconf, script_prefix: str) -> str:
    """The address of a page that takes no arguments. Every page links to a dozen of these, so
    each is worked out once per URL configuration and script prefix, not on every request."""
    return reverse(url_name, urlconf=urlconf)


def address(url_name: str) -> str:
    return _address(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def navigation(request):
    path, user = request.path, getattr(request, "user", None)
    entries = [(label, address(url_name), prefix) for label, url_name, prefix in navigation_for(user)]
    matches = [(len(url) if prefix is None else len(prefix), i) for i, (_, url, prefix) in enumerate(entries)
               if (path == url if prefix is None else path.startswith(prefix))]
    # The most specific (longest) matching prefix wins: /wards/find/ is not also "Wards", nor
    # /hubs/manage/ also "Hubs".
    current = max(matches)[1] if matches else None
    items = [{"label": label, "url": url, "active": i == current, "current_page": i == current and path == url}
             for i, (label, url, _) in enumerate(entries)]
    return {"navigation": items, "site_links": {key: address(name) for key, name in SITE_LINKS.items()}}
