"""Choices of records refuse a number no id can be before it reaches the database, with the
field's own message, and every form and admin page of the project chooses records that way."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from localism.accounts.models import Organisation
from localism.accounts.tests.factories import OrganisationFactory
from localism.core.admin import BoundedChoicesMixin
from localism.core.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField

ROOT = Path(__file__).resolve().parents[3]
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9223372036854775808", "-1", "0", "99999999999999999999"])
def test_a_number_beyond_the_ids_is_refused_without_asking_the_database(value, django_assert_num_queries):
    single = BoundedModelChoiceField(queryset=Organisation.objects.all())
    many = BoundedModelMultipleChoiceField(queryset=Organisation.objects.all())
    with django_assert_num_queries(0):
        with pytest.raises(ValidationError) as refused:
            single.clean(value)
        assert refused.value.messages == [NOT_A_CHOICE]
        with pytest.raises(ValidationError) as refused:
            many.clean(["1", value])
        assert refused.value.messages == [f"Select a valid choice. {value} is not one of the available choices."]


@pytest.mark.django_db
def test_the_largest_id_is_a_choice_that_does_not_exist_and_real_ids_are_chosen():
    organisation = OrganisationFactory()
    single = BoundedModelChoiceField(queryset=Organisation.objects.all())
    many = BoundedModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(ValidationError) as refused:
        single.clean(str(2**63 - 1))
    assert refused.value.messages == [NOT_A_CHOICE]
    assert single.clean(str(organisation.pk)) == organisation
    assert list(many.clean([str(organisation.pk)])) == [organisation]
    with pytest.raises(ValidationError):
        single.clean("twelve")


@pytest.mark.django_db
def test_a_choice_by_another_key_than_an_integer_is_left_to_the_field():
    organisation = OrganisationFactory(slug="99999999999999999999")
    field = BoundedModelChoiceField(queryset=Organisation.objects.all(), to_field_name="slug")
    assert field.clean("99999999999999999999") == organisation


def test_every_admin_page_and_its_inlines_choose_records_by_bounded_ids():
    plain = [f"{model._meta.label}: {type(model_admin).__name__}" for model, model_admin in admin.site._registry.items()
             if not isinstance(model_admin, BoundedChoicesMixin)]
    plain += [f"{model._meta.label}: {inline.__name__}" for model, model_admin in admin.site._registry.items()
              for inline in model_admin.inlines if not issubclass(inline, BoundedChoicesMixin)]
    assert plain == []


def test_no_form_of_ours_chooses_records_with_djangos_unbounded_fields():
    pattern = re.compile(r"\bforms\.Model(Multiple)?ChoiceField\(")
    found = [str(path.relative_to(ROOT)) for folder in ("localism", "wards", "hubs", "assets", "engagement")
             for path in (ROOT / folder).rglob("*.py")
             if "tests" not in path.parts and pattern.search(path.read_text())]
    assert found == []
