"""Every non-trivial read in the wards app, free of N+1 queries."""

from .forums import meeting_get, meetings_by_ward, meetings_for_ward, meetings_visible, ward_forums  # noqa: F401
from .geography import (  # noqa: F401
    POINT_INVALID,
    POINT_NOT_IN_BIRMINGHAM,
    POSTCODE_MALFORMED,
    POSTCODE_MISSING,
    POSTCODE_NOT_BIRMINGHAM,
    WardLookupError,
    WardMatch,
    champion_ids_by_ward,
    city_totals,
    constituency_list,
    councillor_ids,
    councillor_ids_by_ward,
    current_generation,
    postcode_normalise,
    ward_boundary_feature,
    ward_for_point,
    ward_for_postcode,
    ward_get,
    ward_list,
)
from .history import PlanHistory, compare_versions, plan_history, plan_versions  # noqa: F401
from .plans import (  # noqa: F401
    actions_led_by,
    current_plans_by_ward,
    overdue_count,
    plan_budget_summary,
    plan_get,
    plans_for_display,
    plans_for_summary,
    plans_visible_to,
    publication_consequences,
    status_counts,
    summary_status_counts,
    ward_plans_in_time,
    wards_where_seated,
    workspace_for,
)
