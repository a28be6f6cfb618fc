"""The language switcher keeps the visitor where they are, sub-views and filters included."""

import re

import pytest
from wagtail.models import Locale

from tests.factories.pages import InstitutionPageFactory, PracticePageFactory, publish

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="(?P<url>[^"]*)" lang="(?P<code>es|en)" hreflang="(?P=code)"')


def links(response) -> dict:
    return {m["code"]: m["url"].replace("&amp;", "&") for m in LINK.finditer(response.text)}


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("/practicas/manuales/", "/en/practicas/manuals/"),
        ("/practicas/calificaciones/", "/en/practicas/ratings/"),
        ("/observatorios/quien-mide/", "/en/observatorios/who-measures/"),
        ("/programas/modelos/", "/en/programas/models/"),
        ("/practicas/?country=MX&theme=confianza-en-la-policia", None),
        ("/buscar/?q=barrio", "/en/search/?q=barrio"),
    ],
)
def test_each_language_link_leads_to_the_same_view(client, spanish, english):
    response = client.get(spanish)
    assert response.status_code == 200
    found = links(response)
    assert found["es"] == spanish
    if english:
        assert found["en"] == english
    there = client.get(found["en"])
    assert there.status_code == 200, found["en"]
    assert '<html lang="en">' in there.text
    assert links(there) == found  # and back again


def test_an_untranslated_page_says_so_and_marks_its_language(client):
    institution = publish(InstitutionPageFactory())
    english = client.get(f"/en{institution.url}")
    assert english.status_code == 200
    assert "not yet available in English" in english.text
    assert '<div class="page-content" lang="es">' in english.text
    spanish = client.get(institution.url)
    assert spanish.status_code == 200
    assert "notice--language" not in spanish.text
    assert '<div class="page-content">' in spanish.text


def test_a_page_links_its_live_translation_until_it_is_unpublished(client):
    spanish = publish(PracticePageFactory(title="Rondas barriales"))
    english = spanish.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title, english.slug = "Neighbourhood rounds", "neighbourhood-rounds"
    english = publish(english)
    assert english.url.startswith("/en/")
    found = links(client.get(spanish.url))
    assert found == {"es": spanish.url, "en": english.url}
    there = client.get(english.url)
    assert "Neighbourhood rounds" in there.text
    assert links(there) == found
    english.unpublish()
    found = links(client.get(spanish.url))
    assert found["es"] == spanish.url
    assert found["en"] != english.url  # the unpublished translation is no longer linked
