"""The assets app's pages, under the `assets` namespace: each part's own list of urls."""

from . import urls_community, urls_proposals
from .urls_register import urlpatterns as register_urls

app_name = "assets"
urlpatterns = [
    *register_urls,
    *urls_community.urlpatterns,
    *urls_proposals.urlpatterns,
]
