"""``updated_since`` is documented as it is read: an ISO 8601 date or a date-time.

README promises both forms. The OpenAPI document said ``format: date-time`` only, so a client
(or a fuzzer) built from it would refuse ``2024-05-01``, which the API accepts and reads as that
day's midnight in the portal's time zone.
"""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker

from portal.api.collections import COLLECTIONS
from portal.practices.models import PracticePage
from tests.factories.pages import PracticePageFactory, publish

pytestmark = pytest.mark.django_db

API = "/api/v1"


def updated_since_schemas(client) -> dict[str, dict]:
    document = client.get(f"{API}/openapi.json").json()
    found = {}
    for path, operations in document["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["name"] == "updated_since":
                found[path] = parameter
    return found


def test_the_document_says_date_or_date_time(client):
    parameters = updated_since_schemas(client)
    assert {f"{API}/{c.name}/" for c in COLLECTIONS} <= set(parameters)
    for path, parameter in parameters.items():
        schema = parameter["schema"]
        assert parameter["in"] == "query" and not parameter.get("required"), path
        assert sorted(option["format"] for option in schema["anyOf"]) == ["date", "date-time"]
        assert all(option["type"] == "string" for option in schema["anyOf"]), path
        assert "2024-05-01" in parameter["description"], path
        assert settings.TIME_ZONE in parameter["description"], path
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        for accepted in ("2024-05-01", "2024-05-01T12:00:00Z", "2024-05-01T08:00:00-04:00"):
            assert validator.is_valid(accepted), (path, accepted)
        for refused in ("ayer", "6321", "2024-13-01"):
            assert not validator.is_valid(refused), (path, refused)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("2024-05-01", 200),
        ("2024-05-01T12:00:00Z", 200),
        ("2024-05-01T08:00:00-04:00", 200),
        ("ayer", 400),
        ("2024-13-01", 400),
    ],
)
def test_the_api_accepts_what_the_document_says(client, value, status):
    parameters = updated_since_schemas(client)
    validator = Draft202012Validator(
        parameters[f"{API}/practices/"]["schema"], format_checker=FormatChecker()
    )
    assert validator.is_valid(value) == (status == 200)
    response = client.get(f"{API}/practices/", {"updated_since": value})
    assert response.status_code == status, response.content


def test_a_date_counts_from_its_midnight_in_the_portal_time_zone(client):
    for _ in range(2):
        publish(PracticePageFactory())
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    day = datetime.date.today() + datetime.timedelta(days=30)
    midnight = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=zone)
    first, second = PracticePage.objects.live().order_by("pk")[:2]
    PracticePage.objects.filter(pk=first.pk).update(
        last_published_at=midnight + datetime.timedelta(minutes=30)
    )
    PracticePage.objects.filter(pk=second.pk).update(
        last_published_at=midnight - datetime.timedelta(minutes=30)
    )
    response = client.get(f"{API}/practices/", {"updated_since": day.isoformat()})
    assert [item["id"] for item in response.json()["results"]] == [first.pk]
    previous = (day - datetime.timedelta(days=1)).isoformat()
    response = client.get(f"{API}/practices/", {"updated_since": previous})
    assert {item["id"] for item in response.json()["results"]} == {first.pk, second.pk}
