"""Settings come from the environment; production refuses to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "VAR_DIR": str(tmp_path)})
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_manage("check", env_overrides={"DEBUG": "0"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_has_a_development_key(tmp_path):
    result = run_manage("check", env_overrides={"DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_invalid_boolean_is_a_clear_error(tmp_path):
    result = run_manage("check", env_overrides={"DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org",
        "BASE_URL": "https://portal.example.org",
        "OAI_ADMIN_EMAIL": "oai@portal.example.org",
    }
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=production, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Without an address for OAI-PMH harvesters (Identify's adminEmail) it warns.
    production["OAI_ADMIN_EMAIL"] = ""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=production, tmp_path=tmp_path
    )
    assert result.returncode != 0 and "opendata.W001" in result.stdout + result.stderr


def test_settings_are_read_from_the_environment(tmp_path):
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "uploads"),
        "ALLOWED_HOSTS": "a.example,b.example",
        "SEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://search.internal:9200",
        "EMAIL_HOST": "smtp.example.org",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['NAME'], s.MEDIA_ROOT, s.ALLOWED_HOSTS,"
        "s.WAGTAILSEARCH_BACKENDS['default']['URLS'], s.EMAIL_HOST,"
        "s.MIDDLEWARE[-1])"
    )
    result = run_manage("shell", "-c", code, env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "other.sqlite3" in out and "uploads" in out
    assert "['a.example', 'b.example']" in out
    assert "http://search.internal:9200" in out
    assert "smtp.example.org" in out
    # Requests that may write run in one transaction (portal/core/transactions.py).
    assert out.strip().endswith("portal.core.transactions.AtomicWritesMiddleware")


@pytest.mark.parametrize(
    ("threshold", "expected"), [("", "True 5"), ("2", "True 2"), ("off", "True None")]
)
def test_postgresql_statements_are_prepared_unless_turned_off(tmp_path, threshold, expected):
    # Nothing connects: the settings alone are read.
    env = {
        "DEBUG": "1",
        "DATABASE_URL": "postgres://portal:portal@127.0.0.1:9/nothing_listens_here",
        "DATABASE_PREPARE_THRESHOLD": threshold,
    }
    code = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o['server_side_binding'], o['prepare_threshold'])"
    )
    result = run_manage("shell", "-c", code, env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(expected)


def test_a_bad_prepare_threshold_is_a_clear_error(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://x@127.0.0.1:9/x"}
    result = run_manage(
        "check", env_overrides={**env, "DATABASE_PREPARE_THRESHOLD": "often"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be an integer" in result.stderr


def test_unknown_search_backend_is_refused(tmp_path):
    result = run_manage(
        "check", env_overrides={"DEBUG": "1", "SEARCH_BACKEND": "solr"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "SEARCH_BACKEND must be" in result.stderr


@pytest.mark.django_db
@pytest.mark.smoke
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
