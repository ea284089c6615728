"""Writes of the council's service contracts: commissioning officers add and edit contracts, add
specification versions and reviews, answer the wards' input and record the renewal decision
(refused while any ward's input is unanswered); a councillor of a ward the contract serves submits
the ward's input, linked to priorities of its Ward Plan, while the renewal window is open. The
nightly job flags windows that open and decisions that are overdue."""

import datetime

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Invalid, Refused
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import Contract, ContractReview, ServiceSpecification, WardInput
from ..models.contracts import EARLIEST, LATEST
from ..rules_contracts import can_submit_ward_input
from . import notices

MANAGE = "assets.manage_contracts"
SUBMIT = "assets.submit_ward_input"
MANAGE_REFUSED = "Only commissioning officers can change the council's service contracts."
INPUT_REFUSED = "Only a councillor of a ward the contract serves can give the ward's input."
WINDOW_CLOSED = "The renewal window for this contract is not open: it opens on {opens} and closes on {closes}."
DECIDED = "The renewal decision for this contract is already recorded."
NOT_YOUR_WARD = "Choose a ward where you are a councillor and the contract serves"
STATEMENT_MISSING = "Enter what the ward wants from the renewal"
PRIORITIES_MISSING = "Choose at least one priority of the ward's plan the input is for"
PRIORITY_OTHER_WARD = "Choose priorities of a Ward Plan for {ward}"
ANSWER_MISSING = "Enter your answer to the ward's input"
UNANSWERED = ("The renewal cannot be recorded yet: answer the input of {wards} first (the wards' input must "
              "each have an answer before the renewal decision).")
DECISION_MISSING = "Choose the renewal decision"
DECIDED_ON_MISSING = "Enter the date of the decision"
END_BEFORE_START = "The contract's end must be on or after its start"
EXTENT_BEFORE_END = "The date the options to extend run to must be on or after the contract's end"
DECISION_AFTER_END = "The renewal decision must be due on or before the contract's end"
WARDS_MISSING = "Choose the wards the contract serves, or say it serves the whole city"
OUT_OF_RANGE = "Enter a date between 1990 and 2100"
SPEC_EXISTS = "Version {number} of the specification already exists"

FIELDS = ("ocid", "title", "description", "buyer", "value", "period_start", "period_end", "max_extent_date",
          "decision_due", "city_wide", "status")


def _today(today):
    return today or timezone.localdate()


def _check_dates(values: dict) -> dict:
    errors = {}
    for name in ("period_start", "period_end", "max_extent_date", "decision_due"):
        day = values.get(name)
        if day is not None and not (EARLIEST <= day <= LATEST):
            errors[name] = OUT_OF_RANGE
    if errors:
        return errors
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        errors["period_end"] = END_BEFORE_START
    extent = values.get("max_extent_date")
    if end and extent and extent < end:
        errors["max_extent_date"] = EXTENT_BEFORE_END
    due = values.get("decision_due")
    if end and due and due > end:
        errors["decision_due"] = DECISION_AFTER_END
    if not values.get("city_wide") and not values.get("wards"):
        errors["wards"] = WARDS_MISSING
    return errors


@transaction.atomic
def contract_create(*, user, wards=(), suppliers=(), is_demo: bool = False, system: bool = False,
                    **values) -> Contract:
    """A new contract. `system` is the import command's write (no user), already checked."""
    if not system:
        require(user, MANAGE, None, MANAGE_REFUSED)
    wards, suppliers = list(wards), list(suppliers)
    if errors := _check_dates({**values, "wards": wards}):
        raise Invalid(errors)
    contract = Contract(is_demo=is_demo, **{k: v for k, v in values.items() if k in FIELDS})
    return audited_create(contract, user=user, many={"wards": [] if contract.city_wide else wards,
                                                     "suppliers": suppliers})


@transaction.atomic
def contract_update(*, user, contract, version: int | None, wards=None, suppliers=None, system: bool = False,
                    **values) -> Contract:
    if not system:
        require(user, MANAGE, contract, MANAGE_REFUSED)
    merged = {name: getattr(contract, name) for name in FIELDS}
    merged.update({k: v for k, v in values.items() if k in FIELDS})
    ward_list = list(contract.wards.all()) if wards is None else list(wards)
    if errors := _check_dates({**merged, "wards": ward_list}):
        raise Invalid(errors)
    many = {"wards": [] if merged["city_wide"] else ward_list}
    if suppliers is not None:
        many["suppliers"] = list(suppliers)
    return versioned_save(Contract, contract.pk, user=user, version=version, thing="contract",
                          changes={k: v for k, v in values.items() if k in FIELDS}, many=many)


@transaction.atomic
def specification_add(*, user, contract, title: str, issued_on, summary: str, ward_influence: str,
                      document_url: str = "", number: int | None = None, is_demo: bool = False):
    """A new version of the contract's service specification (the next number unless given)."""
    require(user, MANAGE, contract, MANAGE_REFUSED)
    current = lock(Contract, contract.pk)  # two new versions at once take turns
    latest = current.specifications.order_by("-number").values_list("number", flat=True).first() or 0
    number = number or latest + 1
    if current.specifications.filter(number=number).exists():
        raise Invalid({"number": SPEC_EXISTS.format(number=number)})
    if issued_on is not None and not (EARLIEST <= issued_on <= LATEST):
        raise Invalid({"issued_on": OUT_OF_RANGE})
    return audited_create(ServiceSpecification(
        contract=current, number=number, title=title, issued_on=issued_on, summary=(summary or "").strip(),
        ward_influence=(ward_influence or "").strip(), document_url=document_url or "", is_demo=is_demo), user=user)


@transaction.atomic
def review_add(*, user, contract, kind: str, reviewed_on, rating: str, findings: str, is_demo: bool = False):
    require(user, MANAGE, contract, MANAGE_REFUSED)
    if reviewed_on is not None and not (EARLIEST <= reviewed_on <= LATEST):
        raise Invalid({"reviewed_on": OUT_OF_RANGE})
    return audited_create(ContractReview(contract=contract, kind=kind, reviewed_on=reviewed_on, rating=rating,
                                         findings=(findings or "").strip(), is_demo=is_demo), user=user)


def input_wards(user, contract):
    """The wards the user may give input for on this contract: where they hold a current seat
    and the contract serves."""
    from wards.models import Ward

    seated = Ward.objects.filter(pk__in=_current_seats(user).values("ward"))
    if contract.city_wide:
        return seated.order_by("name")
    return seated.filter(pk__in=contract.wards.values("pk")).order_by("name")


def _current_seats(user):
    from wards.models import CouncillorSeat

    return CouncillorSeat.objects.current().filter(councillor=user)


@transaction.atomic
def ward_input_submit(*, user, contract, ward, statement: str, priorities=(), today=None,
                      is_demo: bool = False) -> WardInput:
    """A councillor's input for `ward` on the contract's renewal: while the window is open, for a
    ward where they hold a seat and the contract serves, linked to priorities of a plan of that
    ward."""
    # The seat is the rule, for admins too (a superuser passes every has_perm).
    if not can_submit_ward_input.test(user, contract):
        raise Refused(INPUT_REFUSED)
    today = _today(today)
    current = lock(Contract, contract.pk)
    if current.renewal_decision:
        raise Invalid(DECIDED)
    if not current.window_is_open(today):
        raise Invalid(WINDOW_CLOSED.format(opens=f"{current.window_opens():%-d %B %Y}",
                                           closes=f"{current.decision_due:%-d %B %Y}"))
    errors = {}
    if ward is None or not input_wards(user, current).filter(pk=ward.pk).exists():
        errors["ward"] = NOT_YOUR_WARD
    priorities = list(priorities)
    if not priorities:
        errors["priorities"] = PRIORITIES_MISSING
    elif ward is not None and "ward" not in errors and any(
            not p.plan.wards.filter(pk=ward.pk).exists() for p in priorities):
        errors["priorities"] = PRIORITY_OTHER_WARD.format(ward=ward.name)
    if not (statement or "").strip():
        errors["statement"] = STATEMENT_MISSING
    if errors:
        raise Invalid(errors)
    given = audited_create(WardInput(contract=current, ward=ward, statement=statement.strip(), submitted_by=user,
                                     is_demo=is_demo), user=user, many={"priorities": priorities})
    notices.input_given(given)
    return given


@transaction.atomic
def ward_input_answer(*, user, ward_input, answer: str, version: int | None = None) -> WardInput:
    require(user, MANAGE, ward_input.contract, MANAGE_REFUSED)
    if not (answer or "").strip():
        raise Invalid({"answer": ANSWER_MISSING})
    return versioned_save(WardInput, ward_input.pk, user=user, version=version, thing="ward input", changes={
        "answer": answer.strip(), "answered_by": user, "answered_at": timezone.now()})


@transaction.atomic
def renewal_record(*, user, contract, decision: str, decided_on, version: int | None = None) -> Contract:
    """Record the renewal decision: refused while any ward's input has no answer."""
    require(user, MANAGE, contract, MANAGE_REFUSED)
    current = lock(Contract, contract.pk)
    if current.renewal_decision:
        raise Invalid(DECIDED)
    errors = {}
    if decision not in Contract.Decision.values:
        errors["decision"] = DECISION_MISSING
    if decided_on is None:
        errors["decided_on"] = DECIDED_ON_MISSING
    elif not (EARLIEST <= decided_on <= LATEST):
        errors["decided_on"] = OUT_OF_RANGE
    if errors:
        raise Invalid(errors)
    check_decision_may_be_recorded(current)
    return versioned_save(Contract, contract.pk, user=user, version=version, thing="contract", changes={
        "renewal_decision": decision, "renewal_decided_on": decided_on, "status": status_after_decision(decision)})


def check_decision_may_be_recorded(contract) -> None:
    """The rule every way of recording a renewal decision keeps (the page, the API, the OCDS
    import): refused while any ward's input on the contract has no answer."""
    waiting = sorted({i.ward.name for i in contract.ward_inputs.filter(answer="").select_related("ward")})
    if waiting:
        raise Invalid(UNANSWERED.format(wards=", ".join(waiting)))


def status_after_decision(decision: str) -> str:
    """The contract's status once its renewal decision is recorded."""
    return Contract.Status.ENDED if decision == Contract.Decision.ENDED else Contract.Status.ACTIVE


def contracts_flag_renewals(*, today: datetime.date | None = None) -> dict[str, int]:
    """The nightly job: flag contracts whose renewal window has opened (and mark them in
    renewal) and decisions not recorded by their due date. Each change is one history entry by
    no user; a second run the same day changes nothing."""
    today = _today(today)
    counts = {"opened": 0, "overdue": 0}
    opening = Contract.objects.window_open(today).filter(window_opened_on=None)
    for pk in opening.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            opened = versioned_save(Contract, pk, user=None, version=None, thing="contract",
                                    changes={"window_opened_on": today, "status": Contract.Status.IN_RENEWAL})
            notices.window_opened(opened, today=today)
        counts["opened"] += 1
    overdue = Contract.objects.filter(renewal_decision="", decision_due__lt=today, decision_overdue_on=None)
    for pk in overdue.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            late = versioned_save(Contract, pk, user=None, version=None, thing="contract",
                                  changes={"decision_overdue_on": today})
            notices.decision_overdue(late)
        counts["overdue"] += 1
    return counts


@transaction.atomic
def supplier_create(*, user, name: str, identifier: str, is_demo: bool = False, system: bool = False):
    """A new supplier. `system` is the import command's write (no user), already checked."""
    from ..models import Supplier

    if not system:
        require(user, MANAGE, None, MANAGE_REFUSED)
    return audited_create(Supplier(name=name, identifier=identifier, is_demo=is_demo), user=user)


@transaction.atomic
def supplier_rename(*, user, supplier, name: str, system: bool = False):
    from ..models import Supplier

    if not system:
        require(user, MANAGE, supplier, MANAGE_REFUSED)
    return versioned_save(Supplier, supplier.pk, user=user, version=None, thing="supplier", changes={"name": name},
                          bump=False)
