"""Schemathesis, driven by the API's own OpenAPI document, calls every operation through the
real WSGI stack with generated valid and invalid requests, and checks each answer: never a
server error, always the documented status codes, content types and response schemas, and
invalid requests rejected."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from portal.api.api import api
from portal.api.collections import COLLECTIONS

# The portal's own types (the network has items of each); tests/registry_app's has none.
PORTAL_COLLECTIONS = [c for c in COLLECTIONS if c.model.__module__.startswith("portal.")]

pytestmark = pytest.mark.django_db


# The document /api/v1/openapi.json serves (built here: collection may not use the database),
# run against the whole WSGI application.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def same_connection(network, hidden):
    """Like Django's test client: keep the test transaction's connection across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_breaks_the_api(case):
    case.call_and_validate(headers={"Host": "localhost"})


@pytest.mark.parametrize("collection", PORTAL_COLLECTIONS, ids=lambda c: c.name)
def test_details_of_real_items_match_their_schema(collection):
    """Generated ids almost never exist: the details of real items are checked too."""
    operation = schema[f"/api/v1/{collection.name}/{{page_id}}/"]["GET"]
    ids = collection.model.objects.live().public().values_list("pk", flat=True)
    assert ids
    for pk in ids:
        case = operation.Case(path_parameters={"page_id": pk})
        response = case.call_and_validate(headers={"Host": "localhost"})
        assert response.status_code == 200
