"""Uploads: size and pixel limits, files that are not what their name says, how documents are
served (and to whom), and an upload whose storage fails."""

import errno
import io
import random
import struct
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.core import uploads
from portal.core.models import PortalDocument
from tests.accounts.conftest import make_user
from tests.factories.accounts import editor_of
from tests.factories.files import make_docx, make_pdf
from tests.factories.pages import InstitutionPageFactory, publish

pytestmark = pytest.mark.django_db
Image = get_image_model()


@pytest.fixture
def editor(client):
    """An institution's editor, signed in; the institution's collection."""
    institution = publish(InstitutionPageFactory())
    client.force_login(editor_of(institution))
    return institution.access.collection


def upload_document(client, collection, name, data, title="Subida de prueba"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(name, data),
            "collection": collection.pk,
            "tags": "",
        },
    )


def upload_image(client, collection, name, data, title="Imagen de prueba"):
    return client.post(
        "/admin/images/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(name, data),
            "collection": collection.pk,
            "tags": "",
        },
    )


def file_errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


# --- Files built in memory ------------------------------------------------------------------


def png(width=4, height=3) -> bytes:
    """A real PNG of noise (noise does not compress, so the size follows the pixels)."""
    buffer = io.BytesIO()
    noise = random.Random(width * height).randbytes(width * height * 3)
    PILImage.frombytes("RGB", (width, height), noise).save(buffer, "PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odf(mimetype: str) -> bytes:
    return zipped({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"})


def xlsx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def pptx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})


OLE2 = uploads.OLE2_MAGIC + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


# --- Document content checks ----------------------------------------------------------------

GOOD_DOCUMENTS = [
    ("informe.pdf", make_pdf(["Informe anual"])),
    ("guia.docx", make_docx(["Guía"])),
    ("datos.xlsx", xlsx()),
    ("charla.pptx", pptx()),
    ("acta.odt", odf("application/vnd.oasis.opendocument.text")),
    ("tabla.ods", odf("application/vnd.oasis.opendocument.spreadsheet")),
    ("antiguo.doc", OLE2),
    ("antigua.xls", OLE2),
    ("comunas.csv", "comuna;año\nPeñalolén;2024\n".encode()),
    ("comunas-excel.csv", "comuna;año\nPeñalolén;2024\n".encode("cp1252")),
    ("notas.txt", "Unicode desde Excel: ñandú".encode("utf-16")),
]


@pytest.mark.parametrize(("name", "data"), GOOD_DOCUMENTS, ids=[n for n, _ in GOOD_DOCUMENTS])
def test_real_files_of_every_allowed_kind_are_accepted(client, editor, name, data):
    response = upload_document(client, editor, name, data, title=f"Bueno {name}")
    assert response.status_code == 302, response.context["form"].errors
    document = PortalDocument.objects.get(title=f"Bueno {name}")
    with document.open_file() as handle:
        assert handle.read() == data


BAD_DOCUMENTS = [
    ("programa.pdf", EXE),
    ("pagina.pdf", HTML),
    ("pagina.docx", HTML),
    ("informe-con-pdf-adentro.docx", make_pdf(["no es word"])),
    ("zip-cualquiera.docx", zipped({"hola.txt": b"hola"})),
    ("word-como-excel.xlsx", make_docx(["Guía"])),
    ("hoja-como-texto.odt", odf("application/vnd.oasis.opendocument.spreadsheet")),
    ("falso.doc", make_pdf(["x"])),
    ("falso.xls", zipped({"a": b"b"})),
    ("binario.csv", b"comuna,valor\n\x00\x01\x02\x00"),
    ("programa.txt", EXE),
    ("imagen.pptx", png()),
]


@pytest.mark.parametrize(("name", "data"), BAD_DOCUMENTS, ids=[n for n, _ in BAD_DOCUMENTS])
def test_files_whose_content_does_not_match_their_name_are_refused(client, editor, name, data):
    response = upload_document(client, editor, name, data, title=f"Malo {name}")
    errors = file_errors(response)
    assert name in errors
    assert "su contenido no corresponde a su nombre" in errors
    assert (
        "extensiones permitidas" not in errors
    )  # one clear message, not Wagtail's about an empty name
    assert not PortalDocument.objects.filter(title=f"Malo {name}").exists()


def test_the_refusal_names_the_file_and_the_expected_format(client, editor):
    response = upload_document(client, editor, "virus.pdf", EXE, title="Virus")
    errors = file_errors(response)
    assert "virus.pdf" in errors and "PDF" in errors
    assert not PortalDocument.objects.filter(title="Virus").exists()


def test_a_zip_bomb_renamed_docx_is_refused(client, editor):
    bomb = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>",
            "word/media/huge.bin": b"\x00" * (uploads.MAX_UNZIPPED_BYTES + 1),
        }
    )
    assert len(bomb) < 1024 * 1024
    errors = file_errors(upload_document(client, editor, "bomba.docx", bomb, title="Bomba"))
    assert "bomba.docx" in errors and "al descomprimirse" in errors
    assert not PortalDocument.objects.filter(title="Bomba").exists()


def test_every_allowed_extension_has_a_content_rule(settings):
    for extension in settings.WAGTAILDOCS_EXTENSIONS:
        assert uploads.content_problem(io.BytesIO(b"xx"), extension) != "unknown", extension


def test_a_new_extension_without_a_rule_is_refused_with_a_message(client, editor, settings):
    settings.WAGTAILDOCS_EXTENSIONS = [*settings.WAGTAILDOCS_EXTENSIONS, "rtf"]
    errors = file_errors(upload_document(client, editor, "nota.rtf", b"{\\rtf1 hola}"))
    assert ".rtf" in errors


def test_executables_and_web_pages_are_refused_by_extension(client, editor):
    for name, data in [("programa.exe", EXE), ("pagina.html", HTML), ("dibujo.svg", SVG)]:
        errors = file_errors(upload_document(client, editor, name, data, title=name))
        assert errors
        assert not PortalDocument.objects.filter(title=name).exists()


def test_replacing_a_file_with_a_disguised_one_keeps_the_old_file(client, editor):
    assert upload_document(client, editor, "bueno.pdf", make_pdf(["v1"]), "Reemplazo").status_code
    document = PortalDocument.objects.get(title="Reemplazo")
    original = document.file.name
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Reemplazo",
            "file": SimpleUploadedFile("bueno.pdf", HTML),
            "collection": editor.pk,
            "tags": "",
        },
    )
    assert "bueno.pdf" in file_errors(response)
    document.refresh_from_db()
    assert document.file.name == original
    with document.open_file() as handle:
        assert handle.read().startswith(b"%PDF-")


def test_the_multiple_uploader_checks_content_too(client, editor):
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("truco.pdf", HTML), "collection": editor.pk},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert "truco.pdf" in data["error_message"]
    assert not PortalDocument.objects.filter(title__startswith="truco").exists()


# --- Size limits ----------------------------------------------------------------------------


def test_documents_over_the_size_limit_are_refused_with_the_limit(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2048
    errors = file_errors(
        upload_document(client, editor, "grande.pdf", make_pdf(["x" * 80] * 80), "Grande")
    )
    assert "2,0" in errors or "2.0" in errors  # "Maximum filesize 2.0 KB"
    assert not PortalDocument.objects.filter(title="Grande").exists()


def test_images_over_the_size_limit_are_refused_with_the_limit(client, editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    big = png(40, 40)
    assert len(big) > 1024
    errors = file_errors(upload_image(client, editor, "grande.png", big, "Grande"))
    assert "1,0" in errors or "1.0" in errors
    assert not Image.objects.filter(title="Grande").exists()


def test_a_real_png_is_accepted(client, editor):
    response = upload_image(client, editor, "foto.png", png(), "Foto")
    assert response.status_code == 302
    image = Image.objects.get(title="Foto")
    assert (image.width, image.height) == (4, 3)


# --- Pixel limits and decompression bombs ---------------------------------------------------


def test_an_image_over_the_pixel_limit_is_refused(client, editor, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 64_000_000
    bomb = png_declaring(9000, 9000)  # 81 megapixels in ~100 bytes
    assert len(bomb) < 200
    errors = file_errors(upload_image(client, editor, "bomba.png", bomb, "Bomba"))
    # Refused from the header alone: Pillow would otherwise decode 243 MB (and this truncated
    # file made Wagtail's own check fail with a server error).
    assert "bomba.png" in errors and "9000 × 9000" in errors and "64" in errors
    assert not Image.objects.filter(title="Bomba").exists()


def test_a_decompression_bomb_is_refused(client, editor):
    bomb = png_declaring(100_000, 100_000)  # ten gigapixels: Pillow refuses to open it
    errors = file_errors(upload_image(client, editor, "bomba.png", bomb, "Bomba"))
    assert errors
    assert not Image.objects.filter(title="Bomba").exists()


# --- SVG is never an image ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dibujo.svg", "dibujo.png", "dibujo.jpg"])
def test_svg_is_refused_for_images_even_renamed(client, editor, name):
    errors = file_errors(upload_image(client, editor, name, SVG, "Dibujo"))
    assert errors
    assert not Image.objects.filter(title="Dibujo").exists()


def test_a_gif_renamed_png_is_refused(client, editor):
    buffer = io.BytesIO()
    PILImage.new("RGB", (2, 2)).save(buffer, "GIF")
    errors = file_errors(upload_image(client, editor, "animada.png", buffer.getvalue(), "Gif"))
    assert "png" in errors.lower()


# --- Serving documents ----------------------------------------------------------------------


def stored(name: str, data: bytes, collection=None) -> PortalDocument:
    """A document saved directly (as an older upload or an import would be), by default in a
    new institution's collection."""
    collection = collection or InstitutionPageFactory().access.collection
    document = PortalDocument(title=f"Servido {name}", collection=collection)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def test_a_pdf_opens_in_the_browser_with_nosniff_and_no_active_content(client):
    document = stored("informe.pdf", make_pdf(["hola"]))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.get("Content-Disposition", "inline").startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    "name", ["pagina.html", "pagina.htm", "dibujo.svg", "datos.xml", "script.js", "datos.csv"]
)
def test_anything_that_could_run_in_a_browser_downloads_as_an_attachment(client, name):
    document = stored(name, HTML if not name.endswith("svg") else SVG)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_every_allowed_type_except_pdf_downloads_as_an_attachment(client, settings):
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]
    for name, data in GOOD_DOCUMENTS:
        if not name.endswith(".pdf"):
            response = client.get(stored(name, data).url)
            assert response["Content-Disposition"].startswith("attachment"), name


def test_media_files_are_not_served_by_the_application(client, settings):
    assert settings.DEBUG is False
    document = stored("publico.pdf", make_pdf(["hola"]))
    assert document.file.name.startswith("documents/")
    response = client.get(f"{settings.MEDIA_URL}{document.file.name}")
    assert response.status_code == 404
    assert b"%PDF-" not in response.content


@pytest.fixture
def private_document():
    root = Collection.get_first_root_node()
    private = root.add_child(name="Documentos internos de prueba")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return stored("interno.pdf", make_pdf(["solo para la red"]), collection=private)


def test_a_private_document_is_never_served_to_an_anonymous_visitor(client, private_document):
    assert private_document.url.startswith(f"/documents/{private_document.pk}/interno")
    response = client.get(private_document.url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/cuenta/" in response["Location"] or "login" in response["Location"]
    assert b"%PDF-" not in b"".join(getattr(response, "streaming_content", [response.content]))
    # Nor through the media folder.
    assert client.get(f"/media/{private_document.file.name}").status_code == 404


def test_a_private_document_is_served_to_a_signed_in_member(client, private_document):
    client.force_login(make_user("socia@red.example"))
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_documents_are_served_only_by_the_serve_view(settings):
    # "direct" or "redirect" would hand out the media URL and skip the collection's restriction.
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


# --- Storage failures -----------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


def test_a_full_disk_is_a_clear_message_and_leaves_no_row(client, editor, full_disk):
    before = PortalDocument.objects.count()
    response = upload_document(client, editor, "manual.pdf", make_pdf(["hola"]), "Sin disco")
    errors = file_errors(response)
    assert "No se pudo guardar el archivo" in errors
    assert PortalDocument.objects.count() == before
    assert not PortalDocument.objects.filter(title="Sin disco").exists()


def test_a_full_disk_while_replacing_a_file_keeps_the_old_one(client, editor, monkeypatch):
    document = stored("vigente.pdf", make_pdf(["vigente"]), collection=editor)
    original = document.file.name

    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": SimpleUploadedFile("nuevo.pdf", make_pdf(["nuevo"])),
            "collection": document.collection_id,
            "tags": "",
        },
    )
    assert "No se pudo guardar el archivo" in file_errors(response)
    document.refresh_from_db()
    assert document.file.name == original
    with document.open_file() as handle:
        assert handle.read().startswith(b"%PDF-")


def test_a_full_disk_in_the_multiple_uploader_is_an_error_not_a_500(client, editor, full_disk):
    before = PortalDocument.objects.count()
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("lote.pdf", make_pdf(["x"])), "collection": editor.pk},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "No se pudo guardar el archivo" in response.json()["error_message"]
    assert PortalDocument.objects.count() == before


class FillsTheDisk(ContentFile):
    """A file whose second chunk hits a full disk, after the first was written."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 first part"
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("storage_class", ["django", "portal"])
def test_a_disk_that_fills_mid_write_leaves_no_partial_file(tmp_path, storage_class):
    from portal.core.storage import CleanFileSystemStorage

    storage = (FileSystemStorage if storage_class == "django" else CleanFileSystemStorage)(
        location=tmp_path
    )
    with pytest.raises(OSError, match="No space"):
        storage.save("documents/a-medias.pdf", FillsTheDisk(b"", name="a-medias.pdf"))
    left = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    # Django alone keeps the truncated file; the portal's storage removes it.
    assert left == (["a-medias.pdf"] if storage_class == "django" else [])
