"""What the partner API's schema promises, checked where schemathesis (tests/api) would only
find it by chance: the errors every operation documents, times of day as they are written,
the boundary's GeoJSON media type, and search and list errors always named by field."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    for name, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "429"} <= set(responses), name
        assert "Retry-After" in responses["429"]["headers"], name
        if operation.get("requestBody"):
            assert {"400", "403", "413", "415"} <= set(responses), name
            assert list(operation["requestBody"]["content"]) == ["application/json"], name
        if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
            assert "404" in responses, name
        for code, response in responses.items():
            if code.startswith("4") and code != "409":
                reference = response["content"]["application/json"]["schema"]["$ref"]
                assert reference.endswith("/FieldErrors" if code == "400" else "/Error"), (name, code)


def test_times_of_day_are_declared_as_written(schema):
    hours = schema["components"]["schemas"]["OpeningHours"]["properties"]["opens"]
    assert "format" not in hours and hours["example"] == "09:30:00"
    import re

    assert re.match(hours["pattern"], "09:30:00") and not re.match(hours["pattern"], "9.30am")


def test_the_schema_says_what_is_nullable_and_what_media_type_a_boundary_is(schema):
    booking = schema["components"]["schemas"]["Booking"]["properties"]["organisation"]
    assert booking["nullable"] is True
    boundary = schema["paths"]["/api/v1/wards/{gss_code}/boundary/"]["get"]["responses"]["200"]
    assert list(boundary["content"]) == ["application/geo+json"]


def test_a_search_with_a_null_character_is_a_400_naming_search(api_client):
    response = api_client.get("/api/v1/wards/", {"search": "Shard\x00End"})
    assert response.status_code == 400
    assert response.json() == {"search": ["Null characters are not allowed."]}
    too_long = api_client.get("/api/v1/wards/", {"search": "x" * 201})
    assert too_long.status_code == 400 and list(too_long.json()) == ["search"]
    assert api_client.get("/api/v1/wards/", {"search": "Shard End"}).json()["count"] == 1


def test_a_path_that_is_not_an_id_is_a_json_404(api_client):
    response = api_client.get("/api/v1/bookings/1.5/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
