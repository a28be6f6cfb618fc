"""The speed benchmark's bare view exists only when BENCH_BARE_VIEW=1 (never by default)."""

import importlib

import pytest
from django.urls import clear_url_caches

import portal.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def reload_urls(monkeypatch):
    def reload(value=None):
        if value is None:
            monkeypatch.delenv("BENCH_BARE_VIEW", raising=False)
        else:
            monkeypatch.setenv("BENCH_BARE_VIEW", value)
        importlib.reload(portal.urls)
        clear_url_caches()

    yield reload
    monkeypatch.delenv("BENCH_BARE_VIEW", raising=False)
    importlib.reload(portal.urls)
    clear_url_caches()


def test_absent_by_default(client, reload_urls):
    reload_urls()
    assert client.get("/bench/bare/").status_code == 404


def test_served_when_the_benchmark_asks(client, reload_urls):
    reload_urls("1")
    response = client.get("/bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
