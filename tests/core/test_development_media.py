"""With DEBUG on (``make run``), /media/ serves what the front web server serves in production:
images, never documents (issue 23).

The URLconf reads DEBUG when it is imported, so these tests import it again with DEBUG on and
again with DEBUG off afterwards (override_settings alone would not change the routes).
"""

import importlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import clear_url_caches
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.core.models import PortalDocument
from tests.accounts.conftest import make_user
from tests.factories.files import make_pdf
from tests.factories.pages import PracticePageFactory

pytestmark = pytest.mark.django_db


def reload_urls():
    import portal.urls

    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    reload_urls()
    yield
    settings.DEBUG = False
    reload_urls()


@pytest.fixture
def files_to_remove():
    fields = []
    yield fields
    for field in fields:
        field.storage.delete(field.name)


@pytest.fixture
def private_document(files_to_remove):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Documentos internos (media en desarrollo)")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = PortalDocument(title="Acta interna", collection=private)
    document.file.save("acta-interna.pdf", ContentFile(make_pdf(["solo para la red"])), save=False)
    document.save()
    files_to_remove.append(document.file)
    return document


def body(response) -> bytes:
    return b"".join(getattr(response, "streaming_content", None) or [response.content])


def test_a_private_document_is_not_served_from_media_in_development(
    client, debug_on, private_document, settings
):
    name = private_document.file.name
    assert name.startswith("documents/")
    for address in (
        f"{settings.MEDIA_URL}{name}",
        f"{settings.MEDIA_URL}images/../{name}",
        f"{settings.MEDIA_URL}original_images/%2e%2e/{name}",
        f"{settings.MEDIA_URL}images/..%2f{name}",
    ):
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"%PDF-" not in body(response), address


def test_the_documents_view_still_applies_wagtails_checks_in_development(
    client, debug_on, private_document
):
    url = private_document.url
    assert url.startswith(f"/documents/{private_document.pk}/")
    anonymous = client.get(url)
    assert anonymous.status_code in (302, 403)
    assert b"%PDF-" not in body(anonymous)
    client.force_login(make_user("socia.desarrollo@red.example"))
    member = client.get(url)
    assert member.status_code == 200
    assert body(member).startswith(b"%PDF-")


def png(width=40, height=30) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_images_still_display_on_a_page_in_development(
    client, debug_on, django_capture_on_commit_callbacks, files_to_remove
):
    image = get_image_model()(title="Plaza iluminada")
    image.file = ImageFile(io.BytesIO(png()), name="plaza-iluminada.png")
    image.save()
    files_to_remove.append(image.file)
    page = PracticePageFactory()
    page.image, page.image_alt = image, "Una plaza con luminarias nuevas"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    html = client.get(page.url).content.decode()
    match = re.search(r'<img[^>]*alt="Una plaza con luminarias nuevas"[^>]*>', html)
    assert match, "the page shows no image"
    src = re.search(r'src="([^"]+)"', match.group(0)).group(1)
    assert src.startswith("/media/images/")
    for rendition in image.renditions.all():
        files_to_remove.append(rendition.file)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response).startswith(b"\x89PNG")
    # The original upload is served too, as the front web server does in production.
    original = client.get(f"/media/{image.file.name}")
    assert original.status_code == 200 and body(original).startswith(b"\x89PNG")


def test_nothing_under_media_is_served_with_debug_off(client, private_document, settings):
    assert settings.DEBUG is False
    assert client.get(f"{settings.MEDIA_URL}{private_document.file.name}").status_code == 404
