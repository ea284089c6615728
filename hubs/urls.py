"""Hub pages: the public directory and hub pages, and the officers' and partners' pages."""

from . import urls_manage, urls_public

app_name = "hubs"
# The officers' and partners' addresses come first: /hubs/bookings/ is not a hub called "bookings".
urlpatterns = urls_manage.urlpatterns + urls_public.urlpatterns
