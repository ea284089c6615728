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
that contract (the file is the publication of record), it never makes a second one. A renewal
decision in a file keeps the rules of recording one (services.contracts): refused while a ward's
input is unanswered, and a release without one never clears a decision already recorded."""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from localism.accounts.models import Organisation
from localism.core.errors import Invalid
from localism.core.services import require, versioned_save

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


_KINDS = {list: "a list", dict: "an object", str: "text"}


def _typed(value, kind: type, what: str, *, required: bool = True):
    """`value` if it is of the JSON type `kind` (list, dict or str); None when it is absent (null)
    and not required. Anything else is the release's problem, named by `what`."""
    if value is None:
        if required:
            raise ReleaseError(f"{what} is missing")
        return None
    if not isinstance(value, kind):
        raise ReleaseError(f"{what} must be {_KINDS[kind]}")
    return value


def _at(obj: dict, key: str, kind: type, where: str = "", *, required: bool = True):
    """The value at `obj[key]`, of the JSON type `kind` (see _typed); `where` is the path of `obj`."""
    return _typed(obj.get(key), kind, f"{where}.{key}" if where else key, required=required)


def _text(value, what: str, limit: int, *, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise ReleaseError(f"{what} is missing")
        return ""
    value = _typed(value, str, what)
    if len(value) > limit:
        raise ReleaseError(f"{what} is longer than {limit:,} characters")
    return value.strip()


def _obj(value, what: str) -> dict:
    return _typed(value, dict, what)


def _parse_release(release, wards_by_code) -> dict:
    release = _obj(release, "The release")
    ocid = _text(release.get("ocid"), "ocid", OCID_MAX)
    buyer = _at(release, "buyer", dict)
    buyer_name = _text(buyer.get("name"), "buyer.name", 200)
    contracts = release.get("contracts")
    if not isinstance(contracts, list) or len(contracts) != 1:
        raise ReleaseError("contracts must hold exactly one contract")
    contract = _obj(contracts[0], "contracts[0]")
    suppliers = {}
    for a, award in enumerate(_at(release, "awards", list, required=False) or []):
        where = f"awards[{a}]"
        award = _obj(award, where)
        for n, supplier in enumerate(_at(award, "suppliers", list, where, required=False) or []):
            supplier = _obj(supplier, f"{where}.suppliers[{n}]")
            identifier = _text(supplier.get("id"), f"{where}.suppliers[{n}].id", 100)
            suppliers[identifier] = _text(supplier.get("name"), f"{where}.suppliers[{n}].name", 200)
    value = _at(contract, "value", dict, "contracts[0]")
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
    period = _at(contract, "period", dict, "contracts[0]")
    start = _date(period.get("startDate"), "contracts[0].period.startDate")
    end = _date(period.get("endDate"), "contracts[0].period.endDate")
    extent = _date(period.get("maxExtentDate"), "contracts[0].period.maxExtentDate", required=False)
    if end < start:
        raise ReleaseError("contracts[0].period.endDate is before its startDate")
    if extent and extent < end:
        raise ReleaseError("contracts[0].period.maxExtentDate is before its endDate")
    codes = []
    for i, item in enumerate(_at(contract, "items", list, "contracts[0]", required=False) or []):
        where = f"contracts[0].items[{i}]"
        location = _at(_obj(item, where), "deliveryLocation", dict, where, required=False) or {}
        where += ".deliveryLocation"
        gazetteer = _at(location, "gazetteer", dict, where, required=False)
        if gazetteer is None:
            continue
        where += ".gazetteer"
        if gazetteer.get("scheme") != "GSS":
            raise ReleaseError(f"{where}.scheme must be GSS")
        identifiers = _at(gazetteer, "identifiers", list, where)
        codes.extend(_typed(code, str, f"{where}.identifiers[{n}]") for n, code in enumerate(identifiers))
    if not codes:
        raise ReleaseError("no ward is given (items[].deliveryLocation.gazetteer, scheme GSS)")
    city_wide = CITY_CODE in codes
    unknown = [c[:12] for c in codes if c != CITY_CODE and c not in wards_by_code]
    if unknown:
        raise ReleaseError(f"unknown ward code {', '.join(unknown)} (not a current Birmingham ward)")
    where = f"contracts[0].{EXTENSION}"
    extension = _at(contract, EXTENSION, dict, "contracts[0]")
    due = _date(extension.get("renewalDecisionDue"), f"{EXTENSION}.renewalDecisionDue")
    if due > end:
        raise ReleaseError(f"{EXTENSION}.renewalDecisionDue is after the contract's endDate")
    status = _at(extension, "status", str, where, required=False) or Contract.Status.ACTIVE
    if status not in Contract.Status.values:
        raise ReleaseError(f"{EXTENSION}.status must be one of {', '.join(Contract.Status.values)}")
    decision = _at(extension, "renewalDecision", str, where, required=False) or ""
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
    except RecursionError:
        raise Invalid({"file": "The file is not valid JSON (an OCDS release package): it is nested too deeply"}) \
            from None
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
    parsed, found, later, seen = [], [], [], {}
    for index, release in enumerate(releases, start=1):
        ocid = release.get("ocid") if isinstance(release, dict) else None
        name = f"Release {index} (ocid {str(ocid)[:OCID_MAX]})" if ocid else f"Release {index} (no ocid)"
        try:
            row = _parse_release(release, wards_by_code)
        except ReleaseError as error:
            found.append((index, f"{name}: {error}"))
            continue
        if row["ocid"] in seen:
            found.append((index, f"{name}: the ocid is also release {seen[row['ocid']]}'s"))
            continue
        seen[row["ocid"]] = index
        parsed.append({**row, "index": index, "name": name})
    stored = {c.ocid: c for c in Contract.objects.filter(ocid__in=[r["ocid"] for r in parsed])}
    buyers = {o.name: o for o in Organisation.objects.filter(name__in={r["buyer_name"] for r in parsed})}
    for row in parsed:
        try:
            _buyer_allowed(buyers.get(row["buyer_name"]), row["buyer_name"])
            if (contract := stored.get(row["ocid"])) is not None and _records_decision(row, contract):
                if contract.renewal_decision:  # recorded once, as on the contract's page
                    raise Invalid(services.DECIDED)
                services.check_decision_may_be_recorded(contract)
        except (ReleaseError, Invalid) as error:
            later.append((row["index"], f"{row['name']}: {_message(error)}"))
    # In the file's order, with what was found reading each release first.
    return parsed, [problem for _, problem in sorted([*found, *later], key=lambda pair: pair[0])]


def _message(error) -> str:
    if isinstance(error, Invalid):
        return "; ".join(m for ms in error.message_dict.values() for m in ms) \
            if hasattr(error, "error_dict") else "; ".join(error.messages)
    return str(error)


def _buyer_allowed(organisation, name: str) -> None:
    if organisation is not None and organisation.kind != Organisation.Kind.COUNCIL_DIRECTORATE:
        raise ReleaseError(f"the buyer {name} is an organisation held as a {organisation.get_kind_display().lower()}, "
                           "not a council directorate")


def _records_decision(row: dict, stored) -> bool:
    """Whether the release records a renewal decision the contract does not yet have. A release
    without one never clears a decision already recorded."""
    return bool(row["renewal_decision"]) and (stored is None or row["renewal_decision"] != stored.renewal_decision)


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
        for row in parsed:
            try:
                _save(user, row, existing.get(row["ocid"]))
            except (ReleaseError, Invalid) as error:
                raise Invalid({"file": [f"{row['name']}: {_message(error)}"]}) from None
    return counts


def _buyer(name: str):
    found = Organisation.objects.filter(name=name).first()
    _buyer_allowed(found, name)
    if found:
        return found
    base = slugify(name)[:190] or "directorate"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organisation = Organisation(name=name, slug=slug, kind=Organisation.Kind.COUNCIL_DIRECTORATE)
    organisation.full_clean()
    organisation.save()
    return organisation


def _supplier(user, identifier: str, name: str):
    found = Supplier.objects.filter(identifier=identifier).first()
    if found is None:
        return services.supplier_create(user=user, system=True, identifier=identifier, name=name)
    if found.name != name:
        return services.supplier_rename(user=user, system=True, supplier=found, name=name)
    return found


def _save(user, row: dict, existing):
    suppliers = [_supplier(user, identifier, name) for identifier, name in row["suppliers"].items()]
    values = {k: row[k] for k in services.FIELDS if k != "buyer"}
    values["buyer"] = _buyer(row["buyer_name"])
    recording = _records_decision(row, existing)
    if recording:
        if existing is not None:
            services.check_decision_may_be_recorded(existing)
        values["status"] = services.status_after_decision(row["renewal_decision"])
    if existing is None:
        contract = services.contract_create(user=user, system=True, wards=row["wards"], suppliers=suppliers, **values)
    else:
        contract = services.contract_update(user=user, system=True, contract=existing, version=None, wards=row["wards"],
                                            suppliers=suppliers, **values)
    if row["renewal_decision"] and (recording or row["renewal_decided_on"] != contract.renewal_decided_on):
        contract = versioned_save(Contract, contract.pk, user=user, version=None, thing="contract", changes={
            "renewal_decision": row["renewal_decision"], "renewal_decided_on": row["renewal_decided_on"]})
    return contract
