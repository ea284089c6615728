"""Site-wide pages: home, each signed-in user's workspace, the accessibility statement, privacy
notice, cookies and contact pages, the health check and the error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from assets.selectors import contracts as contract_selectors
from assets.selectors import contributions as contribution_selectors
from assets.services.neighbourhood_cil import current_period
from engagement.selectors import consultations as consultation_selectors
from engagement.selectors import ideas as idea_selectors
from engagement.selectors import outcomes as outcome_selectors
from hubs import selectors as hub_selectors
from localism.accounts import selectors as account_selectors
from localism.accounts.rules import is_councillor, is_officer, is_partner, is_resident
from localism.celery import app as celery_app
from localism.core import pagecache
from localism.core.paging import page_of
from localism.reports import coverage, measures
from wards import selectors as ward_selectors

logger = logging.getLogger(__name__)

# The actions an officer leads: this year's a page at a time; next year's, the soonest due only.
ACTIONS_LED_PER_PAGE = 50
ACTIONS_LED_NEXT_YEAR_SHOWN = 50
CONTRACTS_OPEN_SHOWN = 10  # the soonest decisions; the contracts list has them all


@require_GET
def home(request):
    return render(request, "home.html", {
        # The same for everyone until a write: worked out once, not on every request.
        "totals": pagecache.per_version("home:city_totals", ward_selectors.city_totals),
        "open_consultations": consultation_selectors.consultations_taking_answers()[:5],
    })


@login_required
@require_GET
def workspace(request):
    """Where a signed-in user starts: each app gives the panel of what is theirs to do. The
    wards' (a councillor's wards and plans, the actions an officer leads) for everyone; the
    hubs an officer manages; a partner's bookings and API token; for councillors, the residents'
    ideas waiting for a response and the consultations waiting for their outcome. A resident's
    is their page of answers and ideas."""
    user = request.user
    if is_resident.test(user):
        return redirect("engagement:resident-you")
    context = {**ward_selectors.workspace_for(user), "can_start_plans": user.has_perm("wards.add_wardplan")}
    context["actions_led"] = page_of(request, context["actions_led"], ACTIONS_LED_PER_PAGE)
    ahead = context["actions_led_next_year"]
    context["actions_led_next_year"] = list(ahead[:ACTIONS_LED_NEXT_YEAR_SHOWN + 1])
    if len(context["actions_led_next_year"]) > ACTIONS_LED_NEXT_YEAR_SHOWN:
        context["actions_led_next_year"] = context["actions_led_next_year"][:ACTIONS_LED_NEXT_YEAR_SHOWN]
        context["actions_led_next_year_count"] = ahead.count()
    if context["wards"]:  # the public page's and the monthly report's figures, for these wards
        context["localism_coverage"] = coverage.coverage(wards=context["wards"])
        context["success"] = measures.year_to_date(wards=context["wards"])
    if is_councillor.test(user):
        context["ideas_waiting"] = idea_selectors.ideas_awaiting_response(user)
        context["outcomes_due"] = outcome_selectors.consultations_awaiting_outcome(user)
        contracts_open = contract_selectors.contracts_open_to_input(user, today=timezone.localdate())
        shown = context["contracts_open"] = list(contracts_open[:CONTRACTS_OPEN_SHOWN])
        context["contracts_open_count"] = contracts_open.count() if len(shown) == CONTRACTS_OPEN_SHOWN else len(shown)
        context["neighbourhood_cil_period"] = period = current_period()
        context["neighbourhood_cil"] = contribution_selectors.councillor_neighbourhood_cil(user, period=period)
    if is_officer.test(user):
        context["hubs_managed"] = hub_selectors.hubs_with_requests_waiting(user)
    if is_partner.test(user):
        token = account_selectors.api_token_of(user=user)
        context.update(is_partner=True, bookings=hub_selectors.bookings_coming_up(user), api_token=token,
                       token_ending=account_selectors.key_ending(token) if token else "")
    return render(request, "workspace.html", context)


def _contact() -> dict:
    """How to reach the council, as the deployment sets it (docs/configuration.md)."""
    return {
        "email": settings.COUNCIL_CONTACT_EMAIL,
        "phone": settings.COUNCIL_CONTACT_PHONE,
        "hours": settings.COUNCIL_CONTACT_HOURS,
        "address": [line.strip() for line in settings.COUNCIL_CONTACT_ADDRESS.split(";") if line.strip()],
        "dpo_email": settings.COUNCIL_DPO_EMAIL,
    }


@require_GET
def accessibility(request):
    return render(request, "accessibility.html", {"contact": _contact()})


@require_GET
def privacy(request):
    return render(request, "privacy.html", {
        "contact": _contact(),
        "sign_in_records_days": settings.SIGN_IN_RECORDS_DAYS,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "closed_account_days": settings.CLOSED_ACCOUNT_DAYS,
        "records_years": settings.RECORDS_YEARS,
        "booking_contact_days": settings.BOOKING_CONTACT_DAYS,
        "response_data_days": settings.RESPONSE_DATA_DAYS,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    })


@require_GET
def cookies(request):
    return render(request, "cookies.html", {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_weeks": settings.SESSION_COOKIE_AGE // (7 * 24 * 3600),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "messages_cookie": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        "browser_cookie": settings.ENGAGEMENT_BROWSER_COOKIE,
        "browser_cookie_days": settings.ENGAGEMENT_BROWSER_COOKIE_DAYS,
    })


@require_GET
def contact(request):
    return render(request, "contact.html", {"contact": _contact()})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """For load balancers and operators: 200 when the database and the broker answer, else 503."""
    checks = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as error:  # any failure is reported, not raised: this page must answer
            logger.warning("health check %s failed: %s", name, error)
            checks[name] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks,
            "broker_transport": celery_app.connection_for_write().transport_cls}
    return JsonResponse(body, status=200 if healthy else 503)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "Sorry, something went wrong on our side."}, status=500)
    return render(request, "500.html", status=500)
