"""Published reports are open data: anyone reads them; only admins (and the scheduled jobs)
write them."""

import rules

from localism.accounts.rules import is_admin, is_officer

can_view_report = rules.always_allow
can_change_report = is_admin

# Council staff run the scheduled reports now, and read every run and its files.
can_run_reports = is_admin | is_officer

# "How localism is going" is public: residents read it without an account.
can_view_progress = rules.always_allow
