from tests.opendata.conftest import hidden  # noqa: F401  (drafts, private and unpublished pages)
