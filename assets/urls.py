"""The assets app's pages, under the `assets` namespace: each part's own list of urls."""

from . import urls_community
from .urls_register import urlpatterns as register_urls

app_name = "assets"
urlpatterns = [
    *register_urls,
    *urls_community.urlpatterns,
]
