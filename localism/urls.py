from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from localism import api, views

admin.site.site_header = "Localism administration"
admin.site.site_title = "Localism admin"
admin.site.index_title = "Birmingham City Council: wards, hubs and partners"

api_v1 = [
    path("", include((api.urlpatterns, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets style attributes as it draws: styles (never scripts) may be inline there.
    path("docs/", csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
        api.ApiDocsView.as_view(url_name="api-schema")), name="api-docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("contact/", views.contact, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("localism.accounts.urls")),
    path("wards/", include("wards.urls")),
    path("workspace/", views.workspace, name="workspace"),
    path("plans/", include("wards.urls_plans")),
    path("forums/", include("wards.urls_forums")),
    path("hubs/", include("hubs.urls")),
    path("assets/", include("assets.urls")),
    path("contracts/", include("assets.urls_contracts")),
    path("contributions/", include("assets.urls_contributions")),
    path("", include("engagement.urls")),
    path("open-data/", include("localism.reports.urls")),
    path("notifications/", include("localism.reports.urls_notifications")),
    path("reports/", include("localism.reports.urls_runs")),
    path("how-localism-is-going/", include("localism.reports.urls_progress")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]

handler404 = "localism.views.page_not_found"
handler500 = "localism.views.server_error"
