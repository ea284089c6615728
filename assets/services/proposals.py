"""Writes of the uses councillors propose for assets from their Ward Plans: a councillor of the
asset's ward proposes (from a priority of a plan they edit, in the same ward); asset officers
take it under review and answer it, agreed or declined with their reasons."""

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Conflict, Invalid
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import Asset, AssetUseProposal

Status = AssetUseProposal.Status

PROPOSE_REFUSED = "Only a councillor of the asset's ward can propose a use for it."
ANSWER_REFUSED = "Only asset officers can answer a proposed use."
PRIORITY_MISSING = "Choose the priority of your Ward Plan the use is for"
PRIORITY_NOT_YOURS = "Choose a priority of a Ward Plan you can edit"
PRIORITY_OTHER_WARD = "Choose a priority of a Ward Plan for {ward}, the asset's ward"
USE_MISSING = "Enter the use you propose for the asset"
ASSET_NOT_HELD = "{asset} is no longer held by the council."
ALREADY_PROPOSED = "This priority already has a proposal for {asset} waiting for an answer."
STATUS_MISSING = "Choose the answer"
ANSWER_MISSING = "Enter the reasons for the answer"
ALREADY_ANSWERED = "This proposal has already been answered ({status})."
OPEN = (Status.PROPOSED, Status.UNDER_REVIEW)


@transaction.atomic
def asset_use_propose(*, user, asset, priority, proposed_use: str, is_demo: bool = False) -> AssetUseProposal:
    """Propose `proposed_use` for `asset` from `priority`: the user holds a seat in the asset's
    ward and may edit the priority's plan, which covers that ward."""
    require(user, "assets.propose_asset_use", asset, PROPOSE_REFUSED)
    errors = {}
    if priority is None:
        errors["priority"] = PRIORITY_MISSING
    elif not user.has_perm("wards.change_priority", priority):
        errors["priority"] = PRIORITY_NOT_YOURS
    elif not priority.plan.wards.filter(pk=asset.ward_id).exists():
        errors["priority"] = PRIORITY_OTHER_WARD.format(ward=asset.ward.name)
    if not (proposed_use or "").strip():
        errors["proposed_use"] = USE_MISSING
    if errors:
        raise Invalid(errors)
    current = lock(Asset, asset.pk)  # two proposals of one asset at once take turns
    if current.disposed_at:
        raise Invalid({"asset": ASSET_NOT_HELD.format(asset=asset.name)})
    if AssetUseProposal.objects.filter(asset=asset, priority=priority, status__in=OPEN).exists():
        raise Conflict(ALREADY_PROPOSED.format(asset=asset.name), field="priority")
    return audited_create(AssetUseProposal(asset=current, priority=priority, proposed_use=proposed_use.strip(),
                                           proposed_by=user, is_demo=is_demo), user=user)


@transaction.atomic
def asset_use_answer(*, user, proposal, status: str, answer: str = "", version: int | None = None) -> AssetUseProposal:
    """An asset officer's answer: under review (a note is optional), or agreed or declined with
    the reasons. An agreed or declined proposal is answered for good."""
    require(user, "assets.answer_asset_use", proposal, ANSWER_REFUSED)
    current = lock(AssetUseProposal, proposal.pk)
    if current.status not in OPEN:
        raise Invalid(ALREADY_ANSWERED.format(status=current.get_status_display().lower()))
    errors = {}
    if status not in (Status.UNDER_REVIEW, Status.AGREED, Status.DECLINED):
        errors["status"] = STATUS_MISSING
    elif status != Status.UNDER_REVIEW and not (answer or "").strip():
        errors["answer"] = ANSWER_MISSING
    if errors:
        raise Invalid(errors)
    return versioned_save(AssetUseProposal, proposal.pk, user=user, version=version, thing="proposal", changes={
        "status": status, "answer": (answer or "").strip(), "answered_by": user, "answered_at": timezone.now()})
