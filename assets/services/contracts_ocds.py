"""The council's service contracts as Open Contracting Data Standard 1.1 releases (the shape
Contracts Finder publishes), and the import of a release package (docs/data.md).

A release carries the contract's ocid, buyer and suppliers (`parties`, `buyer`,
`awards[].suppliers`), its title, description, value and period (`contracts[]`, with
`period.maxExtentDate` for the options to extend), the wards it serves as the Location
extension's `items[].deliveryLocation.gazetteer` (scheme GSS; the city's code E08000025 for a
city-wide contract), and what OCDS has no field for in the namespaced extension object
`contracts[].bcc_localism` (`renewalDecisionDue`, `status`, `renewalDecision`, `renewalDecidedOn`).

An import is the whole file or none of it: every release is checked first, and each bad one is
named (by its index and ocid) with what is wrong. A release whose ocid is already held updates
that contract (the file is the publication of record), it never makes a second one."""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from localism.accounts.models import Organisation
from localism.core.errors import Invalid
from localism.core.services import audited_create, require

from ..models import Contract, Supplier
from ..models.contracts import EARLIEST, LATEST, MAX_VALUE_DIGITS
from . import contracts as services

CITY_CODE = "E08000025"  # Birmingham (the local authority district)
EXTENSION = "bcc_localism"
PUBLISHER = {"name": "Birmingham City Council", "uri": "https://www.birmingham.gov.uk/"}
MAX_RELEASES = 5_000
MAX_BYTES = 20 * 1024 * 1024
OCID_MAX = 100
DECISIONS = {"": "", **{d.value: d.value for d in Contract.Decision}}


def _when(day: datetime.date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


def _amount(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def buyer_id(organisation) -> str:
    return f"GB-BCC-{organisation.slug}"


def release_of(contract: Contract, *, wards=None, suppliers=None) -> dict:
    """The contract as one OCDS release (wards and suppliers as prefetched, when given)."""
    wards = list(contract.wards.all()) if wards is None else wards
    suppliers = list(contract.suppliers.all()) if suppliers is None else suppliers
    buyer = {"id": buyer_id(contract.buyer), "name": contract.buyer.name}
    supplier_refs = [{"id": s.identifier, "name": s.name} for s in suppliers]
    value = {"amount": _amount(contract.value), "currency": "GBP"}
    period = {"startDate": _when(contract.period_start), "endDate": _when(contract.period_end)}
    if contract.max_extent_date:
        period["maxExtentDate"] = _when(contract.max_extent_date)
    codes = [CITY_CODE] if contract.city_wide else sorted(w.gss_code for w in wards)
    extension = {"renewalDecisionDue": contract.decision_due.isoformat(), "status": contract.status}
    if contract.renewal_decision:
        extension["renewalDecision"] = contract.renewal_decision
        extension["renewalDecidedOn"] = contract.renewal_decided_on.isoformat()
    return {
        "ocid": contract.ocid,
        "id": f"{contract.ocid}-contract",
        "date": _when(contract.period_start),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [{**buyer, "roles": ["buyer"]}, *({**s, "roles": ["supplier"]} for s in supplier_refs)],
        "buyer": buyer,
        "awards": [{"id": f"{contract.ocid}-award", "status": "active", "suppliers": supplier_refs,
                    "value": value}],
        "contracts": [{
            "id": f"{contract.ocid}-contract",
            "awardID": f"{contract.ocid}-award",
            "title": contract.title,
            "description": contract.description,
            "status": "terminated" if contract.status == Contract.Status.ENDED else "active",
            "value": value,
            "period": period,
            "items": [{"id": "1", "description": contract.title,
                       "deliveryLocation": {"gazetteer": {"scheme": "GSS", "identifiers": codes}}}],
            EXTENSION: extension,
        }],
    }


def package_of(contracts, *, uri: str, published: datetime.datetime | None = None) -> dict:
    """A release package of the contracts (prefetch their buyer, wards and suppliers)."""
    published = published or timezone.now()
    return {
        "uri": uri,
        "publishedDate": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": PUBLISHER,
        "version": "1.1",
        "extensions": [],
        "releases": [release_of(c, wards=list(c.wards.all()), suppliers=list(c.suppliers.all())) for c in contracts],
    }


# --- Import ---------------------------------------------------------------------------------------

class ReleaseError(Exception):
    pass


def _date(value, what: str, *, required: bool = True) -> datetime.date | None:
    if value in (None, ""):
        if required:
            raise ReleaseError(f"{what} is missing")
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ReleaseError(f"{what} is not a date")
    try:
        day = datetime.date.fromisoformat(value[:10])
        if len(value) > 10:
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReleaseError(f"{what} ({value[:40]}) is not a date like 2025-04-01T00:00:00Z") from None
    if not (EARLIEST <= day <= LATEST):
        raise ReleaseError(f"{what} ({day.isoformat()}) is not between 1990 and 2100")
    return day


def _text(value, what: str, limit: int, *, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise ReleaseError(f"{what} is missing")
        return ""
    if not isinstance(value, str):
        raise ReleaseError(f"{what} is not text")
    if len(value) > limit:
        raise ReleaseError(f"{what} is longer than {limit:,} characters")
    return value.strip()


def _obj(value, what: str) -> dict:
    if not isinstance(value, dict):
        raise ReleaseError(f"{what} is missing")
    return value


def _parse_release(release, wards_by_code) -> dict:
    release = _obj(release, "The release")
    ocid = _text(release.get("ocid"), "ocid", OCID_MAX)
    buyer = _obj(release.get("buyer"), "buyer")
    buyer_name = _text(buyer.get("name"), "buyer.name", 200)
    contracts = release.get("contracts")
    if not isinstance(contracts, list) or len(contracts) != 1:
        raise ReleaseError("contracts must hold exactly one contract")
    contract = _obj(contracts[0], "contracts[0]")
    awards = release.get("awards") or []
    if not isinstance(awards, list):
        raise ReleaseError("awards is not a list")
    suppliers = {}
    for award in awards:
        for supplier in _obj(award, "awards[]").get("suppliers") or []:
            supplier = _obj(supplier, "awards[].suppliers[]")
            identifier = _text(supplier.get("id"), "awards[].suppliers[].id", 100)
            suppliers[identifier] = _text(supplier.get("name"), "awards[].suppliers[].name", 200)
    value = _obj(contract.get("value"), "contracts[0].value")
    if value.get("currency") != "GBP":
        raise ReleaseError("contracts[0].value.currency must be GBP")
    amount = value.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float, str)):
        raise ReleaseError("contracts[0].value.amount is not a number")
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ReleaseError("contracts[0].value.amount is not a number") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** (MAX_VALUE_DIGITS - 2):
        raise ReleaseError("contracts[0].value.amount must be from 0 to less than £1,000,000,000,000")
    period = _obj(contract.get("period"), "contracts[0].period")
    start = _date(period.get("startDate"), "contracts[0].period.startDate")
    end = _date(period.get("endDate"), "contracts[0].period.endDate")
    extent = _date(period.get("maxExtentDate"), "contracts[0].period.maxExtentDate", required=False)
    if end < start:
        raise ReleaseError("contracts[0].period.endDate is before its startDate")
    if extent and extent < end:
        raise ReleaseError("contracts[0].period.maxExtentDate is before its endDate")
    codes = []
    for item in contract.get("items") or []:
        gazetteer = _obj(_obj(item, "contracts[0].items[]").get("deliveryLocation") or {}, "deliveryLocation").get(
            "gazetteer")
        if gazetteer is None:
            continue
        gazetteer = _obj(gazetteer, "deliveryLocation.gazetteer")
        if gazetteer.get("scheme") != "GSS":
            raise ReleaseError("deliveryLocation.gazetteer.scheme must be GSS")
        identifiers = gazetteer.get("identifiers")
        if not isinstance(identifiers, list):
            raise ReleaseError("deliveryLocation.gazetteer.identifiers is not a list")
        codes.extend(identifiers)
    if not codes:
        raise ReleaseError("no ward is given (items[].deliveryLocation.gazetteer, scheme GSS)")
    city_wide = CITY_CODE in codes
    unknown = [str(c)[:12] for c in codes if c != CITY_CODE and c not in wards_by_code]
    if unknown:
        raise ReleaseError(f"unknown ward code {', '.join(unknown)} (not a current Birmingham ward)")
    extension = _obj(contract.get(EXTENSION), f"contracts[0].{EXTENSION}")
    due = _date(extension.get("renewalDecisionDue"), f"{EXTENSION}.renewalDecisionDue")
    if due > end:
        raise ReleaseError(f"{EXTENSION}.renewalDecisionDue is after the contract's endDate")
    status = extension.get("status") or Contract.Status.ACTIVE
    if status not in Contract.Status.values:
        raise ReleaseError(f"{EXTENSION}.status must be one of {', '.join(Contract.Status.values)}")
    decision = extension.get("renewalDecision") or ""
    if decision not in DECISIONS:
        raise ReleaseError(f"{EXTENSION}.renewalDecision must be one of {', '.join(Contract.Decision.values)}")
    decided_on = _date(extension.get("renewalDecidedOn"), f"{EXTENSION}.renewalDecidedOn", required=bool(decision))
    return {
        "ocid": ocid, "buyer_name": buyer_name, "suppliers": suppliers,
        "title": _text(contract.get("title"), "contracts[0].title", 200),
        "description": _text(contract.get("description"), "contracts[0].description", 5_000, required=False),
        "value": amount, "period_start": start, "period_end": end, "max_extent_date": extent,
        "decision_due": due, "city_wide": city_wide, "status": status,
        "wards": [] if city_wide else [wards_by_code[c] for c in dict.fromkeys(codes)],
        "renewal_decision": decision, "renewal_decided_on": decided_on if decision else None,
    }


def read_package(data: bytes) -> list:
    if len(data) > MAX_BYTES:
        raise Invalid({"file": "The file must be 20 MB or smaller"})
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid({"file": "The file is not JSON (an OCDS release package)"}) from None
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise Invalid({"file": "The file is not an OCDS release package: it has no list of releases"})
    if package.get("version") != "1.1":
        raise Invalid({"file": 'The release package must be OCDS version "1.1"'})
    if len(package["releases"]) > MAX_RELEASES:
        raise Invalid({"file": f"The file has more than {MAX_RELEASES:,} releases"})
    return package["releases"]


def check_releases(releases: list) -> tuple[list[dict], list[str]]:
    """Each release parsed, and the problems: "Release 2 (ocid …): what is wrong"."""
    from wards.models import Ward

    wards_by_code = {w.gss_code: w for w in Ward.objects.current()}
    parsed, problems, seen = [], [], {}
    for index, release in enumerate(releases, start=1):
        ocid = release.get("ocid") if isinstance(release, dict) else None
        name = f"Release {index} (ocid {str(ocid)[:OCID_MAX]})" if ocid else f"Release {index} (no ocid)"
        try:
            row = _parse_release(release, wards_by_code)
        except ReleaseError as error:
            problems.append(f"{name}: {error}")
            continue
        if row["ocid"] in seen:
            problems.append(f"{name}: the ocid is also release {seen[row['ocid']]}'s")
            continue
        seen[row["ocid"]] = index
        parsed.append(row)
    return parsed, problems


def contracts_import(*, user, data: bytes, commit: bool) -> dict:
    """Check the release package and, with `commit`, save every contract in it (all or none).
    Raises Invalid({"file": [problems]}) naming each bad release. Returns how many contracts it
    made and updated (or would). With no user, it is the import command's (run by whoever runs
    the server's commands)."""
    if user is not None:
        require(user, services.MANAGE, None, services.MANAGE_REFUSED)
    parsed, problems = check_releases(read_package(data))
    if problems:
        raise Invalid({"file": problems})
    existing = {c.ocid: c for c in Contract.objects.filter(ocid__in=[r["ocid"] for r in parsed])}
    counts = {"created": sum(r["ocid"] not in existing for r in parsed),
              "updated": sum(r["ocid"] in existing for r in parsed)}
    if not commit:
        return counts
    with transaction.atomic():
        for index, row in enumerate(parsed, start=1):
            try:
                _save(user, row, existing.get(row["ocid"]))
            except Invalid as error:
                messages = "; ".join(m for ms in error.message_dict.values() for m in ms) \
                    if hasattr(error, "error_dict") else "; ".join(error.messages)
                raise Invalid({"file": [f"Release {index} (ocid {row['ocid']}): {messages}"]}) from None
    return counts


def _buyer(name: str):
    found = Organisation.objects.filter(name=name).first()
    if found:
        return found
    return Organisation.objects.create(name=name, slug=slugify(name)[:200] or "directorate",
                                       kind=Organisation.Kind.COUNCIL_DIRECTORATE)


def _supplier(user, identifier: str, name: str):
    found = Supplier.objects.filter(identifier=identifier).first()
    if found is None:
        return audited_create(Supplier(identifier=identifier, name=name), user=user)
    if found.name != name:
        found.name = name
        found._history_user = user
        found.full_clean()
        found.save()
    return found


def _save(user, row: dict, existing):
    suppliers = [_supplier(user, identifier, name) for identifier, name in row["suppliers"].items()]
    values = {k: row[k] for k in services.FIELDS if k != "buyer"}
    values["buyer"] = _buyer(row["buyer_name"])
    if existing is None:
        contract = services.contract_create(user=user, system=True, wards=row["wards"], suppliers=suppliers, **values)
    else:
        contract = services.contract_update(user=user, system=True, contract=existing, version=None, wards=row["wards"],
                                            suppliers=suppliers, **values)
    if row["renewal_decision"] != contract.renewal_decision or row["renewal_decided_on"] != contract.renewal_decided_on:
        from localism.core.services import versioned_save

        contract = versioned_save(Contract, contract.pk, user=user, version=None, thing="contract", changes={
            "renewal_decision": row["renewal_decision"], "renewal_decided_on": row["renewal_decided_on"]})
    return contract
