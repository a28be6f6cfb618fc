import pytest

from .matrix import build_world


@pytest.fixture
def world(db):
    """Institutions A and B, their editors and B's work of every registered content type."""
    return build_world()
