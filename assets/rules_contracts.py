"""Who may do what with the council's external service contracts: the one place for its predicates.

Contracts, their specifications, reviews and the wards' input are public: anyone may read them.
Commissioning officers (the `assets.manage_contracts` permission, usually through the
"Commissioning officers" group) and admins keep them: they add and edit contracts, add
specification versions and reviews, answer the wards' input and record the renewal decision. A
councillor with a current seat in a ward the contract serves (any ward, for a city-wide contract)
submits the ward's input while the renewal window is open (the services check the window)."""

import rules
from django.contrib.auth.backends import ModelBackend

from localism.accounts.rules import is_admin
from wards.rules import holds_seat_in

COMMISSIONING_PERMISSION = "assets.manage_contracts"


@rules.predicate
def is_commissioning_officer(user):
    """Anyone given the commissioning officers' permission, directly or by group (asked of
    Django's own permission tables, not of these rules)."""
    return bool(user and user.is_authenticated and user.is_active
                and ModelBackend().has_perm(user, COMMISSIONING_PERMISSION))


@rules.predicate
def seated_in_contract_ward(user, contract):
    """A councillor with a current seat in a ward the contract serves; for a city-wide contract,
    in any ward. With no contract, a current seat anywhere."""
    if not (user and user.is_authenticated):
        return False
    from wards.models import CouncillorSeat  # the models read these rules when they are defined

    seats = CouncillorSeat.objects.current().filter(councillor=user)
    if contract is None or contract.city_wide:
        return seats.exists()
    return seats.filter(ward__in=contract.wards.all()).exists()


@rules.predicate
def seated_in_input_ward(user, ward_input):
    return ward_input is not None and holds_seat_in.test(user, ward_input.ward)


can_view_contract = rules.always_allow
can_manage_contracts = is_admin | is_commissioning_officer
can_submit_ward_input = seated_in_contract_ward

rules.add_perm("assets.manage_contracts", can_manage_contracts)
rules.add_perm("assets.submit_ward_input", can_submit_ward_input)
