"""The ward app's models: geography and representation, Ward Forums, Ward Plans and budgets."""

from .budgets import SpendLine, WardBudget  # noqa: F401
from .forums import ForumMeeting, WardForum  # noqa: F401
from .geography import BoundaryGeneration, CouncillorSeat, Neighbourhood, Postcode, Ward, WardChampion  # noqa: F401
from .plans import Action, ActionStatus, PlanStatus, Priority, ProgressUpdate, Source, Theme, WardPlan  # noqa: F401
from .profiles import CensusFigure, DeprivationSummary, LsoaFit, ProfileTable, SmallArea, WardProfile  # noqa: F401
