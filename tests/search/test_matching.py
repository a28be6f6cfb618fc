"""What a query finds: accents, stemming, phrases, exclusions, both languages, file text."""

import pytest
from wagtail.models import Locale

from portal.practices.models import PracticePage
from portal.search.models import SearchEntry
from tests.factories.pages import (
    InstitutionPageFactory,
    ObservatoryPageFactory,
    ObservatoryReportPageFactory,
    ProgramPageFactory,
    ProjectPageFactory,
)
from tests.factories.pages import publish as publish_revision

from .conftest import needs_stemming, titles

pytestmark = pytest.mark.django_db

SEARCH = "/buscar/"


def test_accents_and_case_do_not_matter(client, publish):
    publish(
        PracticePage(
            title="Plazas con tilde",
            slug="plazas-con-tilde",
            summary="Prevención situacional en plazas del barrio.",
        )
    )
    plain = titles(client.get(SEARCH, {"q": "PREVENCION"}))
    accented = titles(client.get(SEARCH, {"q": "prevención"}))
    assert "Plazas con tilde" in plain
    assert set(plain) == set(accented)


@needs_stemming
def test_plural_and_singular_meet(client, publish):
    # Spanish stemming: "huertos comunitarios" and "capacitaron" meet "huerto comunitario" and
    # "capacitar". (Snowball is not perfect: "escolares" and "escolar" do not meet.)
    publish(
        PracticePage(
            title="Mesa barrial",
            slug="mesa-barrial",
            summary="Un huerto comunitario para capacitar a vecinos.",
        )
    )
    assert "Mesa barrial" in titles(client.get(SEARCH, {"q": "huertos comunitarios"}))
    assert "Mesa barrial" in titles(client.get(SEARCH, {"q": "capacitaron"}))


@needs_stemming
def test_english_pages_are_matched_with_english_rules(
    client, publish, django_capture_on_commit_callbacks
):
    # Spanish rules leave "policing" and "community" as they are, so they would not meet
    # "Police" and "communities"; English rules stem all four.
    spanish = publish(
        PracticePage(title="Rondas barriales", slug="rondas-barriales", summary="Rondas a pie.")
    )
    with django_capture_on_commit_callbacks(execute=True):
        english = spanish.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        english.title = "Neighbourhood rounds"
        english.summary = "Police officers walk the streets with communities."
        english.save_revision().publish()
    assert SearchEntry.objects.get(page=english).language == "en"
    assert SearchEntry.objects.get(page=spanish).language == "es"
    assert "Neighbourhood rounds" in titles(client.get(SEARCH, {"q": "policing community"}))
    assert "Rondas barriales" in titles(client.get(SEARCH, {"q": "ronda barrial"}))


def test_quoted_words_match_as_a_phrase(client, publish):
    publish(
        PracticePage(
            title="Frase junta", slug="frase-junta", summary="Patrullaje preventivo nocturno."
        )
    )
    publish(
        PracticePage(
            title="Palabras sueltas",
            slug="palabras-sueltas",
            summary="Un patrullaje en bicicleta, con enfoque preventivo.",
        )
    )
    words = titles(client.get(SEARCH, {"q": "patrullaje preventivo"}))
    phrase = titles(client.get(SEARCH, {"q": '"patrullaje preventivo"'}))
    assert {"Frase junta", "Palabras sueltas"} <= set(words)
    assert "Frase junta" in phrase and "Palabras sueltas" not in phrase


def test_a_minus_excludes(client, publish):
    publish(PracticePage(title="Recuperación A", slug="rec-a", summary="Plazas y canchas."))
    publish(PracticePage(title="Recuperación B", slug="rec-b", summary="Solo canchas."))
    found = titles(client.get(SEARCH, {"q": "canchas -plazas"}))
    assert "Recuperación B" in found and "Recuperación A" not in found
    assert "Recuperación A" not in titles(client.get(SEARCH, {"q": 'canchas -"plazas y"'}))


def test_a_vocabulary_term_in_either_language_finds_tagged_items(client, publish):
    publish(
        PracticePage(
            title="Acompañamiento familiar", slug="acompanamiento", summary="Visitas a hogares."
        ),
        themes=["violencia-intrafamiliar"],
    )
    english = titles(client.get(SEARCH, {"q": "domestic violence"}))
    spanish = titles(client.get(SEARCH, {"q": "violencia intrafamiliar"}))
    assert "Acompañamiento familiar" in english and "Acompañamiento familiar" in spanish


def test_words_inside_a_manuals_pdf_are_found(client, manual_with_pdf):
    response = client.get(SEARCH, {"q": "luminarias"})
    assert titles(response) == ["Manual de espacios seguros"]
    assert "<mark>luminarias</mark>" in response.content.decode()


def test_observatory_reports_projects_and_institutions_are_searched(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner = publish_revision(InstitutionPageFactory(title="Fundación Paz Vecinal"))
        observatory = publish_revision(ObservatoryPageFactory(parent=owner))
        publish_revision(
            ObservatoryReportPageFactory(
                parent=observatory, summary="Cartografía de delitos por cuadrante."
            )
        )
        publish_revision(ProjectPageFactory(summary="Una pasantía entre dos municipios."))
        publish_revision(ProgramPageFactory(parent=owner, title="Número de seguridad 1461"))
    for query, kind in (
        ("cartografía", "reports"),
        ("pasantía", "projects"),
        ("Fundación Paz Vecinal", "institutions"),
        ("1461", "programs"),
    ):
        kinds = {e.kind for e in client.get(SEARCH, {"q": query}).context["result"].entries}
        assert kind in kinds, (query, kinds)


@pytest.mark.usefixtures("corpus")
def test_english_site_searches_the_same_content(client):
    response = client.get("/en/search/", {"q": "proximidad"})
    assert response.status_code == 200
    assert response.context["result"].total > 0
    assert "results" in response.content.decode()


@pytest.fixture
def english_page(publish, django_capture_on_commit_callbacks):
    """An English translation about preventing violence (English stopwords and stemming)."""
    spanish = publish(
        PracticePage(title="Ligas barriales", slug="ligas-barriales", summary="Ligas de fútbol.")
    )
    with django_capture_on_commit_callbacks(execute=True):
        english = spanish.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        english.title = "Neighbourhood leagues"
        english.summary = "The prevention of violence through sport."
        english.save_revision().publish()
    return english


@pytest.mark.parametrize(
    ("natural", "bare"),
    [
        ("ciudadanía y deporte", "ciudadanía deporte"),
        ("prevención de la violencia", "prevención violencia"),
        # SQLite's FTS5 keeps every word, so there the English words must be in the text.
        pytest.param("the prevention of violence", "prevention violence", marks=needs_stemming),
    ],
)
@pytest.mark.usefixtures("corpus", "english_page")
def test_small_words_of_either_language_do_not_empty_the_results(client, natural, bare):
    """ "y", "de", "la", "the", "of" are dropped by one language's rules: a query must not
    then require them in the other reading (it found nothing on PostgreSQL)."""
    expected = titles(client.get(SEARCH, {"q": bare}))
    assert expected
    assert titles(client.get(SEARCH, {"q": natural})) == expected
