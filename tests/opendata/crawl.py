"""A crawl of the public site's HTML pages in both languages, for checks that read every page type.

It starts at the home page (``/`` and ``/en/``), follows the site's own links (each address
once; at most ``PER_SHAPE`` addresses of one shape, so the index's 345 comuna pages count as a
few) and adds what no link reaches anonymously with a query: a search with results, the sign-up,
sign-in and password reset forms, filtered listings.
"""

import re
from urllib.parse import urljoin, urlsplit

MAX_PAGES = 400
PER_SHAPE = 2
SKIP = (
    "/admin",
    "/django-admin",
    "/static/",
    "/media/",
    "/documents/",
    "/api/",
    "/oai/",
    "/cita/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
)
EXTRA = [
    "/buscar/?q=prevenci%C3%B3n",
    "/en/search/?q=prevention",
    "/buscar/?q=zzzznada",
    "/buscar/?q=violencia&country=CL&type=practices",
    "/cuenta/signup/",
    "/en/account/signup/",
    "/cuenta/login/",
    "/en/account/login/",
    "/cuenta/password/reset/",
    "/en/account/password/reset/",
    "/practicas/?country=CL",
    "/en/practicas/?country=MX",
]


def links(body: str, base: str) -> list[str]:
    """The site's own pages linked from ``body``, as paths: filters, pages of a listing, exports and
    feeds are left out (``EXTRA`` holds a few filtered addresses)."""
    out = []
    for href in re.findall(r'href="([^"#]+)', body):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP):
            continue
        out.append(parts.path)
    return out


def shape(url: str) -> str:
    """Addresses that differ only in numbers (ids, years, comuna codes) share a shape."""
    return re.sub(r"\d+", "N", url)


def crawl(client, start=("/", "/en/"), extra=EXTRA) -> dict[str, str]:
    """Address -> HTML of every page reached (status 200, text/html)."""
    queue = list(start) + list(extra)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    pages: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        key = shape(url)
        if url in seen or (url not in extra and shapes.get(key, 0) >= PER_SHAPE):
            continue
        seen.add(url)
        shapes[key] = shapes.get(key, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[url] = body
        queue += [link for link in links(body, url) if link not in seen]
    return pages
