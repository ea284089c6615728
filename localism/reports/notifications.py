"""Notifications: what people are told of the events the apps publish (localism.core.events).

Each event becomes one notification per recipient (once per event key), on the recipient's
Notifications page; it is e-mailed at once, gathered into a weekly digest, or not e-mailed, as
the recipient chose for its kind (at once, unless they chose otherwise). E-mails go through
Django's e-mail backend, by the Celery worker, after the commit that made the notification, and
carry a one-click unsubscribe for their kind (a link, and the List-Unsubscribe headers of
RFC 8058)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from localism.core import events
from localism.core.errors import Invalid

from .models import Delivery, Notification, NotificationPreference

UNSUBSCRIBE_SALT = "localism.notifications.unsubscribe"
UNSUBSCRIBE_LINK_INVALID = "This unsubscribe link is not valid. Choose what you hear about on your Notifications page."
KIND_UNKNOWN = "Choose a kind of notification from the list"
DELIVERY_UNKNOWN = "Choose how you hear about it"


def deliveries_of(user_ids, kind: str) -> dict[int, str]:
    """How each user hears of `kind`: their choice, or at once."""
    chosen = dict(NotificationPreference.objects.filter(user_id__in=list(user_ids), kind=kind)
                  .values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, Delivery.AT_ONCE) for pk in user_ids}


def preferences_of(user) -> dict[str, str]:
    """The user's choice for every declared kind (at once where they made none)."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {kind.code: chosen.get(kind.code, Delivery.AT_ONCE) for kind in events.kinds()}


def record(event: events.Event) -> list[Notification]:
    """The subscriber of every event (after its commit): a notification for each recipient not
    yet told of the event's key, and an e-mail for those who hear of its kind at once."""
    from django.contrib.auth import get_user_model

    with transaction.atomic():
        told = set(Notification.objects.filter(key=event.key, user_id__in=event.recipients)
                   .values_list("user_id", flat=True))
        active = set(get_user_model().objects.filter(pk__in=event.recipients, is_active=True)
                     .values_list("pk", flat=True))
        made = []
        for user_id in event.recipients:
            if user_id in told or user_id not in active:
                continue
            try:
                with transaction.atomic():  # a second delivery of the same key, at the same moment
                    made.append(Notification.objects.create(
                        user_id=user_id, kind=event.kind, key=event.key, subject=event.subject,
                        body=event.body, url=event.url))
            except IntegrityError:
                continue
        deliveries = deliveries_of([n.user_id for n in made], event.kind)
        at_once = [n.pk for n in made if deliveries[n.user_id] == Delivery.AT_ONCE]
        if at_once:
            from .tasks import send_notification_email

            transaction.on_commit(lambda: [send_notification_email.delay(pk) for pk in at_once])
    return made


def preferences_set(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Set how `user` hears of each kind in `choices` (kinds left out keep their choice)."""
    errors = {}
    for code, delivery in choices.items():
        if events.kind(code) is None:
            errors[code] = KIND_UNKNOWN
        elif delivery not in Delivery.values:
            errors[code] = DELIVERY_UNKNOWN
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        for code, delivery in choices.items():
            NotificationPreference.objects.update_or_create(user=user, kind=code, defaults={"delivery": delivery})
    return preferences_of(user)


def mark_read(*, user, pks=None, now=None) -> int:
    """Mark the user's notifications read (those of `pks`, or all); another's are untouched."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=list(pks))
    return unread.update(read_at=now or timezone.now())


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def _read_token(token: str) -> tuple[int, events.Kind]:
    try:
        user_id, code = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise Invalid(UNSUBSCRIBE_LINK_INVALID, code="invalid") from None
    kind = events.kind(code) if isinstance(code, str) else None
    if kind is None or not isinstance(user_id, int):
        raise Invalid(UNSUBSCRIBE_LINK_INVALID, code="invalid")
    return user_id, kind


def unsubscribe_kind(token: str) -> events.Kind:
    """The kind an unsubscribe link stops (changing nothing), or Invalid."""
    return _read_token(token)[1]


def unsubscribe(token: str):
    """Stop the e-mails of one kind for the person a link was sent to: answers (user, Kind)."""
    from django.contrib.auth import get_user_model

    user_id, kind = _read_token(token)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Invalid(UNSUBSCRIBE_LINK_INVALID, code="invalid")
    NotificationPreference.objects.update_or_create(user=user, kind=kind.code, defaults={"delivery": Delivery.OFF})
    return user, kind


def _site(path: str) -> str:
    return settings.LOCALISM_SITE_URL.rstrip("/") + path if path else ""


def _message(user, *, kind: str, subject: str, template: str, context: dict) -> EmailMessage:
    unsubscribe_url = _site(reverse("notifications:unsubscribe", args=[unsubscribe_token(user.pk, kind)]))
    context = {"name": user.first_name or user.username, "service": settings.LOCALISM_SERVICE_NAME,
               "unsubscribe_url": unsubscribe_url, "kind": events.kind(kind),
               "preferences_url": _site(reverse("notifications:preferences")), **context}
    body = render_to_string(f"reports/notifications/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email], headers={
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def notification_send(pk: int, *, now=None) -> bool:
    """E-mail one notification, once: not again once sent, nor when its reader has since chosen
    otherwise, has no address or is no longer active. An error of the mail server rolls back and
    is raised, for the task to retry."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update().select_related("user")
                        .filter(pk=pk, emailed_at__isnull=True).first())
        if notification is None:
            return False
        user = notification.user
        if (not user.is_active or not user.email
                or deliveries_of([user.pk], notification.kind)[user.pk] != Delivery.AT_ONCE):
            return False
        _message(user, kind=notification.kind, subject=notification.subject, template="notification",
                 context={"notification": notification, "url": _site(notification.url)}).send()
        notification.emailed_at = now or timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def weekly_digests_send(*, now=None) -> int:
    """One e-mail to each person with notifications of the kinds they hear of weekly not yet
    e-mailed: the week's notifications gathered, newest first. Answers how many were sent."""
    now = now or timezone.now()
    weekly = NotificationPreference.objects.filter(delivery=Delivery.WEEKLY)
    kinds_by_user = defaultdict(set)
    for user_id, kind in weekly.values_list("user_id", "kind"):
        kinds_by_user[user_id].add(kind)
    sent = 0
    for user_id, kinds in kinds_by_user.items():
        with transaction.atomic():
            waiting = list(Notification.objects.select_for_update().select_related("user")
                           .filter(user_id=user_id, kind__in=kinds, emailed_at__isnull=True,
                                   created_at__lte=now).order_by("-created_at", "-pk"))
            if not waiting:
                continue
            user = waiting[0].user
            if not user.is_active or not user.email:
                continue
            by_kind = defaultdict(list)
            for notification in waiting:
                by_kind[notification.kind].append(notification)
            subject = f"Your week in {settings.LOCALISM_SERVICE_NAME}: {len(waiting)} notification" + (
                "s" if len(waiting) != 1 else "")
            # One unsubscribe link per kind in the body; the headers' one-click stops the first.
            groups = [{"kind": events.kind(code), "notifications": items,
                       "unsubscribe_url": _site(reverse("notifications:unsubscribe",
                                                        args=[unsubscribe_token(user.pk, code)]))}
                      for code, items in by_kind.items()]
            for group in groups:
                for notification in group["notifications"]:
                    notification.link = _site(notification.url)
            _message(user, kind=waiting[0].kind, subject=subject, template="digest",
                     context={"groups": groups, "since": now - datetime.timedelta(days=7)}).send()
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
            sent += 1
    return sent
