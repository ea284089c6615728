"""Who may do what with wards. Ward data is public; only admins change it."""

import rules

from localism.accounts.rules import is_admin

can_view_ward = rules.always_allow
can_change_ward = is_admin


@rules.predicate
def holds_seat_in(user, ward):
    """A councillor with a current seat in this ward."""
    if ward is None or not user.is_authenticated:
        return False
    return ward.seats_held.current().filter(councillor=user).exists()
