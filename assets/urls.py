"""The assets app's pages, under the `assets` namespace: each part's own list of urls."""

from . import urls_community

app_name = "assets"
urlpatterns = [
    *urls_community.urlpatterns,
]
