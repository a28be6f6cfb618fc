# The published network and the pages that must never be served (tests/opendata/conftest.py).
from tests.opendata.conftest import hidden, network  # noqa: F401
