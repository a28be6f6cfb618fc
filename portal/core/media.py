"""Uploaded files in development: what the front web server serves in production, no more.

In production the front web server serves ``MEDIA_ROOT/images/`` (image renditions, which
pages show) and ``MEDIA_ROOT/original_images/``, and never ``MEDIA_ROOT/documents/`` (README,
"Deploying"): documents go through Wagtail's serve view, ``/documents/<id>/<name>``, which
refuses private collections to visitors without access and sends safe headers. With DEBUG on
(``make run``), ``/media/`` serves the same two folders and nothing else, so a private
document is no more reachable in development than in production.
"""

import posixpath
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

PUBLIC_FOLDERS = ("images", "original_images")


def serve_public_media(request, path: str):
    """Django's development file view, for the public folders only (after resolving ``..``)."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] not in PUBLIC_FOLDERS:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def development_urls() -> list:
    """The URL patterns for ``/media/`` with DEBUG on; none otherwise, or for media kept on
    another host."""
    prefix = settings.MEDIA_URL or ""
    if not settings.DEBUG or not prefix or urlsplit(prefix).netloc:
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$", serve_public_media)]
