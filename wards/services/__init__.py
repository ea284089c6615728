"""Every write in the wards app. Each service is keyword-only, atomic and validated, takes the
acting user and checks what they may do."""

from .budgets import spend_line_create, spend_line_delete, spend_line_update, ward_budget_set  # noqa: F401
from .councillors import councillors_import  # noqa: F401
from .forums import (  # noqa: F401
    forum_meeting_attach_minutes,
    forum_meeting_cancel,
    forum_meeting_record,
    forum_meeting_schedule,
    forum_meeting_update,
    ward_forum_create,
    ward_forum_update,
)
from .geography import (  # noqa: F401
    ImportReport,
    WardFiles,
    WardImportError,
    councillor_seat_ensure,
    wards_import,
    wards_import_2018,
)
from .plans import (  # noqa: F401
    action_create,
    action_delete,
    action_move_to,
    action_update,
    priority_create,
    priority_delete,
    priority_move,
    priority_move_to,
    priority_update,
    progress_update_create,
    ward_plan_create,
    ward_plan_delete,
    ward_plan_set_status,
    ward_plan_update,
    ward_plans_archive_ended,
)
from .profiles import ProfileImportError, ward_profiles_import  # noqa: F401
from .retention import account_references_release, change_records_unname_expired  # noqa: F401
