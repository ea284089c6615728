"""The engagement app's models: consultations with their questions and responses, residents'
ideas and the support they gather, and residents' own details (postcode and ward)."""

from .consultations import (  # noqa: F401
    AboutYou,
    Answer,
    Consultation,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
    QuestionMeasure,
    Response,
    ResponseReview,
)
from .ideas import Idea, IdeaStatus, Support  # noqa: F401
from .residents import ResidentProfile  # noqa: F401
