import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://portal:portal@127.0.0.1:9/nothing_listens_here",
        "sqlite:////nonexistent-directory/portal/db.sqlite3",
    ],
)
def test_health_is_503_when_the_database_is_unreachable(database_url, tmp_path):
    # A real unreachable database in a separate process (not a mock).
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = dict(
        os.environ, DATABASE_URL=database_url, DATABASE_CONNECT_TIMEOUT="2", VAR_DIR=str(tmp_path)
    )
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    env["ALLOWED_HOSTS"] = "testserver"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("503 ")
    assert '"database": "unreachable"' in result.stdout


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
