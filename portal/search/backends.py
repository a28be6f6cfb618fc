"""Wagtail's PostgreSQL search backend with accent-insensitive autocomplete.

The full-text configuration is chosen with ``SEARCH_CONFIG`` (``portal_es``: Spanish stemming
over unaccented words, created by migration ``portal_search.0002``). Wagtail always uses
``simple`` for autocomplete, which keeps accents, so "prevencion" would not complete to
"prevención"; ``AUTOCOMPLETE_CONFIG`` (``portal_simple``: unaccent, no stemming) fixes that.
"""

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend


class SpanishPostgresSearchBackend(PostgresSearchBackend):
    def __init__(self, params):
        super().__init__(params)
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", "simple")


SearchBackend = SpanishPostgresSearchBackend
