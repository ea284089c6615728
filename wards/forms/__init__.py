from .geography import FindWardForm, WardFilterForm  # noqa: F401
