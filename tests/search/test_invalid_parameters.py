"""A search parameter that cannot mean anything is refused (400), never answered with a wider
result; a search that asks nothing says so in JSON as the page does (issue 24)."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ("type=bogus", "type"),
    ("type=practices&type=bogus", "type"),
    ("page=abc", "page"),
    ("page=0", "page"),
    ("page=%C2%B2", "page"),
    ("sort=bogus", "sort"),
]


@pytest.mark.parametrize(("query", "param"), BAD)
def test_json_answers_a_problem_document(client, query, param):
    response = client.get(f"/buscar/?q=violencia&format=json&{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert [error["param"] for error in problem["errors"]] == [param]
    assert "results" not in problem


@pytest.mark.parametrize(("query", "param"), BAD)
def test_the_page_shows_why_and_lists_nothing(client, query, param):
    response = client.get(f"/buscar/?q=violencia&{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "No se puede hacer esta búsqueda" in body
    assert 'class="search-result' not in body


def test_atom_and_unknown_formats_are_refused_in_plain_text(client):
    assert client.get("/buscar/?q=violencia&format=atom&sort=bogus").status_code == 400
    response = client.get("/buscar/?q=violencia&format=xml")
    assert response.status_code == 400
    assert "html, json" in response.content.decode()


def test_english_messages(client):
    response = client.get("/en/search/?q=violence&format=json&sort=bogus")
    assert response.status_code == 400
    assert "Unknown sort" in response.json()["detail"]


def test_valid_parameters_still_answer(client, corpus):
    response = client.get("/buscar/?q=violencia&format=json&type=practices&sort=date&page=1")
    assert response.status_code == 200
    assert response.json()["total"] > 0


def test_json_with_nothing_asked_says_so_like_the_page(client):
    page = client.get("/buscar/")
    assert page.status_code == 200
    assert 'class="search-result' not in page.content.decode()
    data = client.get("/buscar/?format=json").json()
    assert data["asked"] is False
    assert data["total"] == 0 and data["results"] == []
    assert any("q" in notice for notice in data["notices"])
