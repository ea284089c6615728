"""Who may do what with the asset register: the one place for its predicates.

What the Local Government Transparency Code makes public (the register's Part 2 and Part 3
fields) everyone may read, without an account. Asset officers (the `assets.manage_assets`
permission, given in admin, usually through the "Asset officers" group) and admins keep it:
they add and edit assets, import the register and confirm disposals."""

import rules
from django.contrib.auth.backends import ModelBackend

from localism.accounts.rules import is_admin

ASSET_OFFICER_PERMISSION = "assets.manage_assets"


@rules.predicate
def is_asset_officer(user):
    """Anyone given the asset officers' permission, directly or by group. Asked of Django's own
    permission tables, not of these rules (which would ask again)."""
    return bool(user and user.is_authenticated and user.is_active
                and ModelBackend().has_perm(user, ASSET_OFFICER_PERMISSION))


can_view_asset = rules.always_allow
can_manage_assets = is_admin | is_asset_officer
