import pytest

pytestmark = pytest.mark.django_db


def test_search_finds_demo_content(client):
    response = client.get("/buscar/", {"q": "proximidad"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"]]
    assert "Modelo de seguridad ciudadana con proximidad social" in titles


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "(((",
        "a\x00b",
        "x" * 10_000,
        "word " * 300,
        "🙂 prevención",
        "-",
        "a AND (b OR",
        "1' OR '1'='1",
    ],
)
def test_awkward_queries_never_fail(client, query):
    response = client.get("/buscar/", {"q": query})
    assert response.status_code == 200


def test_empty_query_shows_the_form(client):
    response = client.get("/buscar/")
    assert response.status_code == 200
    assert response.context["results"] is None
