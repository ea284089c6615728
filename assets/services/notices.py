"""What the assets app tells people (localism.core.events): the councillors of the wards a
service contract serves, that its renewal window is open for their input; its commissioning
officers, that a ward gave input to answer and that a renewal decision is overdue; the asset
officers, the ward's councillors and the group that nominated it, that an asset of community
value's moratorium has started. Each says what the contract's or the listing's public page
says."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from localism.core import events
from wards.selectors import councillor_ids

WINDOW_OPEN = "contract_window_open"
INPUT_GIVEN = "contract_ward_input"
DECISION_OVERDUE = "contract_decision_overdue"
MORATORIUM = "community_value_moratorium"
SPEND_BY = "section_106_spend_by"


def declare() -> None:
    events.declare(WINDOW_OPEN, "A contract serving your ward is open to your ward's input",
                   audience="councillors")
    events.declare(INPUT_GIVEN, "A ward gives its input on a contract's renewal", audience="commissioning officers")
    events.declare(DECISION_OVERDUE, "A contract's renewal decision is overdue", audience="commissioning officers")
    events.declare(MORATORIUM, "An asset of community value's moratorium starts",
                   audience="asset officers, councillors and nominating groups")
    events.declare(SPEND_BY, "Section 106 money nears or passes its spend-by date",
                   audience="planning obligations officers and councillors")


def _holders(app_label: str, codename: str) -> list[int]:
    """Active users holding a permission, by group or directly (admins are not everyone's inbox)."""
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        return []
    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission)).values_list("pk", flat=True).distinct())


def window_opened(contract, *, today: datetime.date) -> None:
    events.publish(events.Event(
        kind=WINDOW_OPEN, key=f"contract-window:{contract.pk}:{contract.decision_due:%Y-%m-%d}",
        recipients=tuple(councillor_ids(None if contract.city_wide else contract.wards.all(), on=today)),
        subject=f"Give your ward's input on a contract's renewal: {contract.title}",
        body=(f"{contract.title} comes up for renewal: the council decides by {contract.decision_due:%-d %B %Y}. "
              "Until then, councillors of the wards it serves can say what their ward needs of it, linked to "
              "their Ward Plan's priorities."),
        url=contract.get_absolute_url()))


def input_given(ward_input) -> None:
    contract = ward_input.contract
    events.publish(events.Event(
        kind=INPUT_GIVEN, key=f"contract-input:{ward_input.pk}",
        recipients=tuple(_holders("assets", "manage_contracts")),
        subject=f"{ward_input.ward.name} gave its input on {contract.title}: it needs your answer",
        body=ward_input.statement[:1_000], url=contract.get_absolute_url()))


def decision_overdue(contract) -> None:
    events.publish(events.Event(
        kind=DECISION_OVERDUE, key=f"contract-overdue:{contract.pk}:{contract.decision_due:%Y-%m-%d}",
        recipients=tuple(_holders("assets", "manage_contracts")),
        subject=f"Renewal decision overdue since {contract.decision_due:%-d %B %Y}: {contract.title}",
        body="Record the renewal decision once every ward's input is answered.", url=contract.get_absolute_url()))


def moratorium_started(nomination) -> None:
    name = nomination.asset.name if nomination.asset_id else nomination.site_name
    recipients = [*_holders("assets", "manage_assets"),  # the asset officers
                  *councillor_ids([nomination.ward_id] if nomination.ward_id else [], on=timezone.localdate())]
    if nomination.nominated_by_id:
        recipients.append(nomination.nominated_by_id)
    events.publish(events.Event(
        kind=MORATORIUM, key=f"community-value-moratorium:{nomination.pk}:{nomination.notification_to_sell_date}",
        recipients=tuple(recipients),
        subject=f"The owner of {name} means to sell: community groups may ask to bid",
        body=(f"The interim moratorium runs until {nomination.interim_moratorium_ends:%-d %B %Y}: until then a "
              "community interest group may ask to be treated as a potential bidder, which extends the "
              "moratorium to six months."),
        url=nomination.get_absolute_url()))


def spend_by_nearing(contribution, *, band_label: str, unspent, today: datetime.date) -> None:
    """The planning obligations officers and the site's ward's councillors hear that money
    received and unspent nears (or passed) its spend-by date: once for each band it enters."""
    from django.urls import reverse

    agreement = contribution.agreement
    ward_ids = [agreement.ward_id] if agreement.ward_id else []
    events.publish(events.Event(
        kind=SPEND_BY, key=f"spend-by:{contribution.pk}:{contribution.spend_by_risk}",
        recipients=tuple([*_holders("assets", "manage_developer_contributions"),
                          *councillor_ids(ward_ids, on=today)]),
        subject=f"{band_label}: £{unspent:,.2f} of Section 106 money ({contribution.reference})",
        body=(f"Agreement {agreement.reference}, for {contribution.get_purpose_display().lower()}: spend by "
              f"{contribution.spend_by_date:%-d %B %Y}, or the developer may ask for it back."),
        url=reverse("contributions:at-risk")))
