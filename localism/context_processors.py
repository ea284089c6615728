"""Context every page needs: the service navigation, with the current section marked."""

from django.urls import reverse

# (label, url name, the path prefix that marks the item as current)
NAVIGATION = [
    ("Home", "home", None),
    ("Find your ward", "wards:find", "/wards/find/"),
    ("Wards", "wards:list", "/wards/"),
    ("Hubs", "hubs:list", "/hubs/"),
    ("Open data", "reports:open-data", "/open-data/"),
    ("API", "api-docs", "/api/"),
]


def navigation(request):
    path = request.path
    items, found = [], False
    for label, url_name, prefix in NAVIGATION:
        url = reverse(url_name)
        # The first (most specific) matching prefix wins: /wards/find/ is not also "Wards".
        active = not found and (path == url if prefix is None else path.startswith(prefix))
        found = found or active
        items.append({"label": label, "url": url, "active": active, "current_page": active and path == url})
    return {"navigation": items}
