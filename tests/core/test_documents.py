import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from portal.core.models import PortalDocument
from tests.factories.accounts import editor_of
from tests.factories.files import make_docx, make_pdf
from tests.factories.pages import InstitutionPageFactory, ManualPageFactory, publish

pytestmark = pytest.mark.django_db
Document = get_document_model()


@pytest.fixture
def penalolen():
    return publish(InstitutionPageFactory(title="Municipalidad de Peñalolén"))


@pytest.fixture
def penalolen_editor(penalolen):
    return editor_of(penalolen), penalolen


def upload(client, name, data, collection, title="Manual"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(name, data),
            "collection": collection.pk,
            "tags": "",
        },
    )


def test_document_model_is_the_portal_one():
    assert Document is PortalDocument


def test_uploaded_pdf_text_is_extracted_and_searchable(
    client, penalolen_editor, django_capture_on_commit_callbacks
):
    editor, penalolen = penalolen_editor
    client.force_login(editor)
    pdf = make_pdf(["Manual de prevención comunitaria", "La palabra xilofonista solo está aquí."])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "manual.pdf", pdf, penalolen.access.collection)
    assert response.status_code == 302
    document = Document.objects.get(title="Manual")
    assert document.collection == penalolen.access.collection
    assert document.extraction_status == "done"
    assert "xilofonista" in document.extracted_text
    assert "prevención" in document.extracted_text
    found = list(Document.objects.search("xilofonista"))
    assert document in found


def test_docx_text_is_extracted(client, penalolen_editor, django_capture_on_commit_callbacks):
    editor, penalolen = penalolen_editor
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client,
            "guia.docx",
            make_docx(["Guía de crianza positiva", "Niñas y niños"]),
            penalolen.access.collection,
            "Guía",
        )
    document = Document.objects.get(title="Guía")
    assert document.extraction_status == "done"
    assert "crianza positiva" in document.extracted_text


def test_unreadable_pdf_is_kept_and_flagged_and_the_editor_is_told(
    client, penalolen_editor, django_capture_on_commit_callbacks
):
    editor, penalolen = penalolen_editor
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            "roto.pdf",
            b"%PDF-1.4 esto no es un pdf de verdad",
            penalolen.access.collection,
            "Roto",
        )
    assert response.status_code == 302
    document = Document.objects.get(title="Roto")
    assert document.extraction_status == "failed"
    assert document.extraction_error
    with document.open_file() as handle:
        assert handle.read().startswith(b"%PDF-1.4 esto")
    edit = client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "no se pudo leer" in edit.lower() or "could not be read" in edit.lower()


def test_a_new_file_is_read_again(penalolen_editor, django_capture_on_commit_callbacks):
    _, penalolen = penalolen_editor
    document = PortalDocument(title="Cambia", collection=penalolen.access.collection)
    document.file.save(
        "uno.pdf", SimpleUploadedFile("uno.pdf", make_pdf(["primera versión"])), save=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    document.refresh_from_db()
    assert "primera" in document.extracted_text
    document.file.save(
        "dos.pdf", SimpleUploadedFile("dos.pdf", make_pdf(["segunda versión"])), save=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    document.refresh_from_db()
    assert "segunda" in document.extracted_text and "primera" not in document.extracted_text


def test_unknown_file_types_are_refused(client, penalolen_editor):
    editor, penalolen = penalolen_editor
    client.force_login(editor)
    response = upload(
        client, "programa.exe", b"MZ\x90\x00", penalolen.access.collection, "Ejecutable"
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.filter(title="Ejecutable").exists()


def test_oversize_files_are_refused_with_the_limit(client, penalolen_editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    editor, penalolen = penalolen_editor
    client.force_login(editor)
    response = upload(
        client, "grande.pdf", make_pdf(["x" * 80] * 40), penalolen.access.collection, "Grande"
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "1,0" in errors or "1.0" in errors or "1024" in errors
    assert not Document.objects.filter(title="Grande").exists()


def test_a_manual_with_an_unreadable_file_still_publishes(
    penalolen, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    with django_capture_on_commit_callbacks(execute=True):
        document = PortalDocument(title="Ilegible", collection=penalolen.access.collection)
        document.file.save("ilegible.pdf", ContentFile(b"%PDF-1.7 roto"), save=False)
        document.save()
    document.refresh_from_db()
    assert document.extraction_status == "failed"
    manual = publish(ManualPageFactory(parent=penalolen, live=False, document=document))
    assert manual.live and manual.document_id == document.pk
