"""The assets app's pages, gathered from each part's urls."""

from .urls_register import urlpatterns as register_urls

app_name = "assets"
urlpatterns = [*register_urls]
