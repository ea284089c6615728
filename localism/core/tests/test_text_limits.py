"""Free text has a maximum length, kept by the model field: its full validation refuses one
character more with a message naming the field, and the forms made from it say the same."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from localism.core.fields import BoundedTextField
from localism.core.forms import text_field
from wards.models import WardPlan

OUR_APPS = {"accounts", "reports", "wards", "assets", "hubs", "engagement"}


def test_full_validation_refuses_one_character_more_than_the_limit():
    field = WardPlan._meta.get_field("summary")
    field.run_validators("a" * 5_000)
    with pytest.raises(ValidationError) as refused:
        field.run_validators("a" * 5_001)
    assert refused.value.messages == ["Summary must be 5,000 characters or fewer"]


def test_forms_read_the_limit_and_its_message_from_the_model():
    for form_field in (WardPlan._meta.get_field("summary").formfield(),
                       text_field(WardPlan, "summary", label="Summary (optional)", required=False)):
        assert form_field.max_length == 5_000
        form_field.clean("a" * 5_000)
        with pytest.raises(ValidationError) as refused:
            form_field.clean("a" * 5_001)
        assert refused.value.messages == ["Summary must be 5,000 characters or fewer"]


def test_a_char_field_in_a_form_says_the_same_of_its_model_fields_length():
    form_field = text_field(WardPlan, "title")
    with pytest.raises(ValidationError) as refused:
        form_field.clean("a" * 201)
    assert refused.value.messages == ["Title must be 200 characters or fewer"]


def test_every_free_text_of_ours_has_a_maximum_length_the_model_keeps():
    unbounded = [f"{model._meta.label}.{field.name}"
                 for model in apps.get_models() if model._meta.app_label in OUR_APPS
                 for field in model._meta.concrete_fields
                 if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField)
                 or isinstance(field, models.CharField) and not field.max_length]
    assert unbounded == []
