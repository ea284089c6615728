"""Context every page needs: the service navigation, with the current section marked."""

from django.urls import reverse

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


def navigation(request):
    path, user = request.path, getattr(request, "user", None)
    entries = [(label, reverse(url_name), prefix) for label, url_name, prefix in navigation_for(user)]
    matches = [(len(url) if prefix is None else len(prefix), i) for i, (_, url, prefix) in enumerate(entries)
               if (path == url if prefix is None else path.startswith(prefix))]
    # The most specific (longest) matching prefix wins: /wards/find/ is not also "Wards", nor
    # /hubs/manage/ also "Hubs".
    current = max(matches)[1] if matches else None
    items = [{"label": label, "url": url, "active": i == current, "current_page": i == current and path == url}
             for i, (label, url, _) in enumerate(entries)]
    return {"navigation": items}
