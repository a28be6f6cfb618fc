"""Translating a page, driven through HTTP as its people would: a Spanish-speaking editor asks
for an English translation of her practice, translates it (as a PO file, as a translator
would), sends it for review; a moderator approves; the English page shows the translation; the
original changes and the translation says it is out of date, naming what changed."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import Translation

from portal.core.translations import translations_for
from tests.factories.pages import PracticePageFactory, publish

from .conftest import make_user
from .test_journey import sign_in

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Patrullaje preventivo a pie": "Preventive foot patrols",
    "Recorridos a pie por los barrios con más denuncias.": (
        "Walking rounds through the neighbourhoods with the most crime reports."
    ),
}


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def practice(penalolen):
    return publish(
        PracticePageFactory(
            parent=penalolen,
            title="Patrullaje preventivo a pie",
            slug="patrullaje-a-pie",
            summary="Recorridos a pie por los barrios con más denuncias.",
        )
    )


def translate_po(client, translation):
    """Download the PO file, fill it as a translator would, upload it."""
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    for entry in po:
        if entry.msgctxt == "slug":
            entry.msgstr = "preventive-foot-patrols"
        else:
            entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)
    upload = SimpleUploadedFile("en.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}
    )
    assert response.status_code == 302


def test_an_editor_translates_and_a_moderator_approves(
    client, penalolen, practice, moderator, english
):
    editor = make_user("traductora@penalolen.example", groups=[penalolen.access.editors])
    sign_in(client, editor.email)

    # 1. "Translate this page" into English: a draft, not public, until it is reviewed.
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[practice.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 302
    page = practice.get_translation(english)
    assert not page.live
    anonymous = client.__class__()
    assert anonymous.get("/en/institutions/").status_code in (404, 200)
    translation = Translation.objects.get(source__object_id=practice.translation_key)

    # 2. Translate the texts through a PO file.
    translate_po(client, translation)
    assert translation.get_progress()[0] == translation.get_progress()[1]

    # 3. The "Translations" page lists it, ready; sending it starts the review workflow.
    listing = client.get(reverse("core_translations"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Patrullaje preventivo a pie" in text and "Listo para enviar" in text
    response = client.post(reverse("core_translation_submit", args=[translation.pk]), follow=True)
    assert "se envió a revisión" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # 4. The moderator approves: the English page is public, in English.
    moderator_client = client.__class__()
    sign_in(moderator_client, moderator.email)
    response = moderator_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Buena traducción."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.title == "Preventive foot patrols"
    url = page.get_url()
    assert url.startswith("/en/") and "preventive-foot-patrols" in url
    body = anonymous.get(url).content.decode()
    assert "Preventive foot patrols" in body
    assert "Walking rounds through the neighbourhoods" in body
    assert "not yet available" not in body

    # 5. The original changes: the translation is marked out of date, naming the field.
    practice.summary = "Recorridos a pie y en bicicleta por los barrios con más denuncias."
    publish(practice)
    (status,) = translations_for(editor)
    assert status.out_of_date
    assert status.changed_fields == ["Summary"] or status.changed_fields == ["Resumen"]
    listing = client.get(reverse("core_translations")).content.decode()
    assert "El original cambió" in listing and "Resumen" in listing
    # The English page still says what was approved until the translation is updated.
    assert "Walking rounds" in anonymous.get(url).content.decode()


def test_an_editor_cannot_translate_or_sync_another_institutions_page(
    client, practice, neza, english
):
    other = make_user("editora@neza.example", groups=[neza.access.editors])
    sign_in(client, other.email)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[practice.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 403
    assert practice.get_translation_or_none(english) is None


def test_an_editor_cannot_publish_a_translation_by_syncing_it(client, penalolen, practice, english):
    editor = make_user("traductora@penalolen.example", groups=[penalolen.access.editors])
    sign_in(client, editor.email)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[practice.pk]),
        {"locales": [english.pk]},
    )
    translation = Translation.objects.get(source__object_id=practice.translation_key)
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source_id]),
        {"publish_translations": "on"},
    )
    assert response.status_code == 403
    assert not practice.get_translation(english).live
