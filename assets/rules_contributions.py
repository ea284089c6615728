"""Who may do what with developer contributions: the one place for their predicates.

What the council publishes about developer contributions (planning.data.gov.uk's datasets and
the infrastructure funding statement) everyone may read. Planning obligations officers (the
`assets.manage_developer_contributions` permission, usually through the "Planning obligations
officers" group) and admins record agreements, contributions and transactions, and allocate
Section 106 money. A ward's councillors allocate its neighbourhood portion of CIL to the
priorities of its Ward Plan."""

import rules
from django.contrib.auth.backends import ModelBackend

from localism.accounts.rules import is_admin
from wards import rules as ward_rules

PLANNING_OBLIGATIONS_PERMISSION = "assets.manage_developer_contributions"


@rules.predicate
def is_planning_obligations_officer(user):
    """Anyone given the permission, directly or by group (asked of Django's own tables)."""
    return bool(user and user.is_authenticated and user.is_active
                and ModelBackend().has_perm(user, PLANNING_OBLIGATIONS_PERMISSION))


@rules.predicate
def seated_in_account_ward(user, account):
    """A councillor with a current seat in the ward (given as a ward, a neighbourhood CIL account
    or an allocation)."""
    ward = getattr(getattr(account, "account", account), "ward", account)
    return ward is not None and ward_rules.holds_seat_in.test(user, ward)


can_view_contributions = rules.always_allow
can_manage_contributions = is_admin | is_planning_obligations_officer
can_allocate_neighbourhood_cil = is_admin | seated_in_account_ward

rules.add_perm("assets.record_contributions", can_manage_contributions)
rules.add_perm("assets.allocate_neighbourhood_cil", can_allocate_neighbourhood_cil)
