"""Public pages and anonymous API reads from a cache that is never stale after a write.

The many read what the few write: residents and partners read ward pages, plans, hubs and the
API far more often than councillors and officers change them. So a response to a reader who is
not signed in is kept in the "pages" cache (Redis when configured, otherwise files under the
var folder, shared by every process on the machine) and served again until anything changes.

How "anything changes" is known, in one place and for every write path (services, admin,
commands, Celery tasks, bulk updates and raw SQL alike): each database connection runs every
statement through `_watch_writes`. A statement that writes a table of the product (INSERT,
UPDATE, DELETE, TRUNCATE on anything but the bookkeeping tables in IGNORED_TABLES) marks the
content as changed once its transaction commits: `bump()` sets the content version, a
timestamp, and every cached response is keyed by that version, so after the commit no reader
can be given a response built before it. A transaction that rolls back changes nothing.

What is kept, and for whom (`PageCacheMiddleware`):
- only GET and HEAD requests without a session cookie, a messages cookie or an Authorization
  header: nobody signed in (by session or token) is ever given a kept response, and no kept
  response was built for someone signed in;
- only 200 responses that set no cookie, used no CSRF token (a page with a form is built each
  time, so its token is the reader's own), are not streamed and do not say private or no-store;
- the key also holds the headers the response varies on (Django's `learn_cache_key`), so an
  API read in CSV and one in JSON are kept apart;
- each kept response has an ETag and a Last-Modified (when it was built), and says
  `Cache-Control: no-cache`: a browser asks again each time and a repeat visit costs a 304
  with no body;
- the page's CSP nonce is the response's own, so a kept page never shares a nonce with another
  reader. The ETag is the hash of the page without its nonce, then the nonce: a 304 gives the
  browser back the nonce of the copy it holds (see `_kept`);
- a kept API read counts against the API's rates as a built one does, so a flood is refused
  with 429 whether or not its answer is kept;
- entries live PAGE_CACHE_SECONDS at most, so a page that depends on the time of day (what is
  open now, what is overdue) is rebuilt within that time even if nothing is written.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from email.utils import formatdate

from django.conf import settings
from django.core.cache import caches
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    _generate_cache_header_key,
    _generate_cache_key,
    get_conditional_response,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import parse_etags

ALIAS = "pages"
VERSION_KEY = "pages:version"
NONCE_MARK = "__localism_csp_nonce__"

# Tables whose writes change no page a reader without an account can see: sessions, sign-in
# lock-outs, the scheduler's own bookkeeping, task results, people's notifications and their
# choices of them.
IGNORED_TABLES = frozenset({
    "django_session",
    "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog", "axes_accessattemptexpiration",
    "django_celery_beat_periodictask", "django_celery_beat_periodictasks",
    "django_celery_results_taskresult", "django_celery_results_groupresult",
    "django_celery_results_chordcounter",
    "reports_notification", "reports_notificationpreference",
})

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(?:\s+TABLE)?)'
    r'\s+(?:ONLY\s+)?[`"\[]?(\w+)', re.IGNORECASE)


def _cache():
    return caches[ALIAS]


def version() -> int:
    """The content version: the time of the last committed write, or 0 before any."""
    return _cache().get(VERSION_KEY) or 0


def bump() -> None:
    """Mark the content as changed: every response kept before now is no longer served."""
    # A version always moves forward, even if two processes bump in the same nanosecond.
    new = max(time.time_ns(), version() + 1)
    _cache().set(VERSION_KEY, new, None)


_held: dict[str, tuple[tuple, object]] = {}


def per_version(name: str, build):
    """What `build()` answers, worked out once in this process for each content version and day:
    for figures that only a write (or the date) can change, such as the city's totals on the home
    page. The next call after any committed write to a product table builds afresh, in every
    process, as the kept pages do; signed-in readers share it, since it holds nothing of theirs."""
    key = (version(), timezone.localdate())  # read before building: a write meanwhile builds again
    held = _held.get(name)
    if held is not None and held[0] == key:
        return held[1]
    value = build()
    _held[name] = (key, value)
    return value


def _written_table(sql) -> str | None:
    """The table a statement writes, or None if it writes nothing (or only bookkeeping)."""
    if not isinstance(sql, str):
        sql = str(sql)
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    return None if table in IGNORED_TABLES else table


def _bump_on_commit(connection) -> None:
    blocks = connection.atomic_blocks
    if blocks and getattr(blocks[0], "_from_testcase", False):
        # Inside a test case's transaction nothing ever commits; the write counts at once.
        bump()
    elif connection.in_atomic_block:
        if not any(func is bump for _, func, _ in connection.run_on_commit):
            connection.on_commit(bump)
    else:
        bump()  # autocommit: the statement has committed


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _written_table(sql) is not None:
        _bump_on_commit(context["connection"])
    return result


def _install(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def watch_writes() -> None:
    """Run every database statement through the write watch (called once, from AppConfig.ready)."""
    connection_created.connect(_install, dispatch_uid="localism.core.pagecache.install")
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _install(None, connection)


# --- The middleware ------------------------------------------------------------------------------

def _for_anyone(request) -> bool:
    """Whether the request is one a kept response may answer, and may be kept from."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _keepable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def _prefix(current: int) -> str:
    # Today's date too: a page that says what is coming or overdue changes at midnight.
    return f"pages:{current}:{timezone.localdate().isoformat()}"


class PageCacheMiddleware:
    """Serve a kept response to a reader who is not signed in, and keep the ones that may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _for_anyone(request):
            return self.get_response(request)
        current = version()
        cache = _cache()
        kept = self._kept(request, current, cache)
        if kept is not None:
            return kept
        response = self.get_response(request)
        if request.method == "GET" and _keepable(request, response):
            self._keep(request, response, current, cache)
        return response

    def _kept(self, request, current, cache):
        headerlist = cache.get(_generate_cache_header_key(_prefix(current), request))
        if headerlist is None:
            return None
        entry = cache.get(_generate_cache_key(request, "GET", headerlist, _prefix(current)))
        if entry is None:
            return None
        status, headers, body, built, digest = entry
        if request.path.startswith(settings.PAGE_CACHE_API_PREFIX) and not _within_api_rates(request):
            return None  # the view answers 429, with Retry-After, as to any flood
        response = HttpResponse(status=status)
        for name, value in headers:
            response[name] = value
        if NONCE_MARK.encode() not in body:
            response.content = body
            response["ETag"] = f'"{digest}"'
            return get_conditional_response(request, etag=response["ETag"], last_modified=built, response=response)
        # A page with the CSP nonce: the browser's copy holds the nonce it was sent, which its
        # ETag names. A 304 must renew the header with that same nonce, or the browser, which
        # takes the 304's headers onto its copy, would block the page's own script.
        theirs = _their_nonce(request, digest)
        if theirs is not None:
            request._csp_nonce = theirs  # what the CSP middleware, outside this one, puts in the header
            response.status_code = 304
            response["ETag"] = f'"{digest}.{theirs}"'
            for name in ("Content-Type", "Content-Language"):
                del response[name]
            return response
        nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else secrets.token_urlsafe(16)
        response.content = body.replace(NONCE_MARK.encode(), nonce.encode())
        response["Content-Length"] = str(len(response.content))
        response["ETag"] = f'"{digest}.{nonce}"'
        return response

    def _keep(self, request, response, current, cache):
        built = int(time.time())
        body = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:
            body = body.replace(nonce.encode(), NONCE_MARK.encode())
        digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}.{nonce}"' if nonce else f'"{digest}"'
        response["Last-Modified"] = formatdate(built, usegmt=True)
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        headers = [(name, value) for name, value in response.items()
                   if name.lower() not in ("content-length", "etag")]
        # The key leaves out Cookie and Authorization: no request with either reaches here
        # unless they hold nothing of a signed-in reader (a CSRF cookie at most).
        kept_vary = [name for name in re.split(r"\s*,\s*", response.get("Vary", ""))
                     if name and name.lower() not in ("cookie", "authorization")]
        key = learn_cache_key(request, _VaryOnly(kept_vary), settings.PAGE_CACHE_SECONDS,
                              _prefix(current), cache)
        cache.set(key, (response.status_code, headers, body, built, digest), settings.PAGE_CACHE_SECONDS)


class _Reader:
    """What DRF's throttles read of a request: an anonymous user and the request's headers."""

    def __init__(self, request):
        from django.contrib.auth.models import AnonymousUser

        self.user = AnonymousUser()
        self.META = request.META


def _within_api_rates(request) -> bool:
    """A kept API read counts against the API's rates for anonymous clients, as a built one does."""
    from rest_framework.settings import api_settings

    reader = _Reader(request)
    return all(throttle().allow_request(reader, None) for throttle in api_settings.DEFAULT_THROTTLE_CLASSES)


_NONCE = re.compile(r"[A-Za-z0-9+/=_-]{16,64}")


def _their_nonce(request, digest: str) -> str | None:
    """The nonce of the browser's copy, if its If-None-Match names this very page."""
    for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        kept, _, nonce = tag.removeprefix("W/").strip('"').partition(".")
        if kept == digest and _NONCE.fullmatch(nonce):
            return nonce
    return None


class _VaryOnly:
    """What `learn_cache_key` reads of a response: its Vary header."""

    def __init__(self, names):
        self.headers = {"Vary": ", ".join(names)} if names else {}

    def has_header(self, name):
        return name in self.headers


def for_tests_start_afresh() -> None:
    """Start a test with nothing kept: a new version makes every kept response unreachable."""
    bump()


