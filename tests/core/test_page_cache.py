"""The anonymous page cache: fast for visitors, never stale after a change, never for accounts."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches

from portal.core import pagecache
from portal.practices.models import PracticePage
from tests.factories.pages import publish
from tests.factories.practices import PracticePageFactory

pytestmark = pytest.mark.django_db

LISTING = "/practicas/"
TITLE = "Práctica guardada en caché"


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what would run at commit (the test's own transaction never commits)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()

    return run


def state(response):
    return response.get(pagecache.HEADER)


@pytest.fixture
def practice(django_capture_on_commit_callbacks):
    """A published practice, committed before the test's visits (as in production)."""
    with django_capture_on_commit_callbacks(execute=True):
        return publish(PracticePageFactory(title=TITLE))


def test_second_anonymous_visit_is_served_from_the_cache_without_sql(
    client, django_assert_num_queries
):
    first = client.get(LISTING)
    assert (first.status_code, state(first)) == (200, "miss")
    with django_assert_num_queries(0):
        second = client.get(LISTING)
    assert (second.status_code, state(second)) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"


def test_languages_and_queries_are_kept_apart(client):
    from portal.core.models import Theme

    sport = Theme.objects.get(slug="deporte", locale__language_code="es")
    themed = PracticePageFactory(title="Práctica deportiva listada")
    themed.themes.add(sport)
    publish(themed)
    publish(PracticePageFactory(title="Práctica sin deporte listada"))
    spanish = client.get(LISTING)
    assert "Práctica sin deporte listada" in spanish.content.decode()
    english = client.get("/en/practicas/")
    assert state(english) == "miss"
    assert client.get("/en/practicas/").content == english.content
    assert english.content != spanish.content
    assert b'lang="en"' in english.content and b'lang="es' in spanish.content

    filtered = client.get(LISTING, {"theme": "deporte"})
    assert state(filtered) == "miss"
    assert filtered.content != spanish.content
    assert "Práctica deportiva listada" in filtered.content.decode()
    assert "Práctica sin deporte listada" not in filtered.content.decode()


def test_signed_in_people_never_get_or_leave_a_cached_page(client, page_cache):
    anonymous = client.get(LISTING)
    assert state(anonymous) == "miss"
    user = get_user_model().objects.create_user("ana@example.org", "ana@example.org", "x" * 12)
    client.force_login(user)
    signed_in = client.get(LISTING)
    assert signed_in.status_code == 200
    assert state(signed_in) is None
    assert signed_in.content != anonymous.content  # the header names the account
    client.get("/en/practicas/")
    client.logout()
    # The English page seen while signed in was not kept for visitors.
    assert state(client.get("/en/practicas/")) == "miss"


def test_bearer_of_an_authorization_header_bypasses_the_cache(client):
    client.get(LISTING)
    response = client.get(LISTING, headers={"Authorization": "Bearer abc"})
    assert state(response) is None


def test_pages_with_a_form_token_or_a_cookie_are_not_kept(client):
    login = client.get("/cuenta/login/")
    assert login.status_code == 200
    assert state(login) is None
    assert state(client.get("/cuenta/login/")) is None


def test_admin_and_documents_are_never_cached(client):
    assert state(client.get("/admin/")) is None
    assert state(client.get("/healthz")) is None


def test_publishing_a_change_empties_the_cache_at_commit(client, committing, practice):
    client.get(practice.url)
    assert state(client.get(practice.url)) == "hit"

    def publish_new_title():
        practice.title = "Práctica renovada"
        practice.save_revision().publish()

    committing(publish_new_title)
    fresh = client.get(practice.url)
    assert state(fresh) == "miss"
    assert "Práctica renovada" in fresh.content.decode()


def test_one_transaction_renews_the_generation_once(django_capture_on_commit_callbacks, practice):
    with django_capture_on_commit_callbacks() as callbacks:
        for title in ("Primera versión", "Segunda versión"):
            practice.title = title
            practice.save_revision().publish()
    assert [type(callback) for callback in callbacks].count(pagecache.NewGeneration) == 1


def test_a_change_that_rolls_back_keeps_the_cache(client, practice):
    client.get(LISTING)
    page = practice
    page.title = "Nunca publicado"
    page.save_revision().publish()  # inside the test's transaction: no commit, no emptying
    assert state(client.get(LISTING)) == "hit"


@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_unpublish_move_and_delete_empty_the_cache(client, committing, change, practice):
    page = practice
    url = page.url
    client.get(url)
    client.get(LISTING)
    assert state(client.get(url)) == "hit"

    def act():
        if change == "unpublish":
            page.unpublish()
        elif change == "move":
            page.move(page.get_parent().get_parent(), pos="last-child")
        else:
            page.delete()

    committing(act)
    after = client.get(LISTING)
    assert state(after) == "miss"
    old_address = client.get(url)
    assert state(old_address) != "hit"
    if change == "move":
        # Still live at its new address; the old one redirects there.
        new_url = PracticePage.objects.get(pk=page.pk).url
        assert (old_address.status_code, old_address["Location"]) == (301, new_url)
        assert client.get(new_url).status_code == 200
    else:
        assert old_address.status_code == 404


def test_a_page_rendered_before_a_change_is_never_served_after_it(client, page_cache):
    assert state(client.get(LISTING)) == "miss"
    response = client.get(LISTING)
    assert state(response) == "hit"
    key = pagecache.key_for(response.wsgi_request)
    kept = page_cache.get(key)
    assert kept is not None
    pagecache.start_new_generation()
    assert state(client.get(LISTING)) == "miss"
    # A render that began before the change and is kept after it carries the old generation.
    page_cache.set(key, kept)
    assert state(client.get(LISTING)) == "miss"


def test_signing_in_is_not_a_content_change(client, committing, page_cache):
    client.get(LISTING)
    generation = pagecache.generation()
    user = get_user_model().objects.create_user("eva@example.org", "eva@example.org", "x" * 12)

    committing(lambda: client.force_login(user))
    assert pagecache.generation() == generation


def test_off_when_seconds_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(LISTING)
    assert state(client.get(LISTING)) is None


def test_kept_pages_are_gzipped_for_browsers_and_plain_for_others(client):
    import gzip

    plain = client.get(LISTING)
    assert state(plain) == "miss"
    html = plain.content
    assert b"</html>" in html
    assert "Accept-Encoding" in plain["Vary"]

    zipped = client.get(LISTING, headers={"accept-encoding": "gzip, deflate, br"})
    assert state(zipped) == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(html) / 3
    assert gzip.decompress(zipped.content) == html
    assert "Accept-Encoding" in zipped["Vary"]

    again = client.get(LISTING)
    assert state(again) == "hit"
    assert not again.has_header("Content-Encoding")
    assert again.content == html


def test_the_first_visit_of_a_browser_is_gzipped_too(client):
    import gzip

    first = client.get(LISTING, headers={"accept-encoding": "gzip"})
    assert state(first) == "miss"
    assert first["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(first.content)


def test_small_or_binary_responses_are_kept_as_they_are(rf):
    from django.http import HttpResponse

    small = HttpResponse("ok", content_type="text/plain")
    assert pagecache.compress(small) is None
    binary = HttpResponse(b"%PDF" * 1000, content_type="application/pdf")
    assert pagecache.compress(binary) is None
    text = HttpResponse("a,b\n" * 1000, content_type="text/csv")
    assert pagecache.compress(text) is not None


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("GZIP", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("gzip;q=0.5", True),
        ("gzip;q=0.001", True),
        ("gzip;q=1", True),
        ("  gzip ;  q = 0.5 ,identity", True),
        ("gzip;Q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("*;q=0.3", True),
        ("identity;q=0, *", True),
        ("deflate, *;q=0.5", True),
        ("gzip;level=9", True),
        ("gzip;q=0", False),
        ("gzip;q=0, identity", False),
        ("gzip; q=0.0", False),
        ("gzip;q=0.000", False),
        ("GZip ; Q = 0", False),
        ("*;q=0", False),
        ("*;q=0, identity", False),
        ("gzip;q=0, *", False),
        ("*, gzip;q=0", False),
        ("*;q=0, gzip", True),
        ("*;q=0, gzip;q=0.2", True),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
        (None, False),
        ("gzipped, notgzip", False),
        ("gzip;q=abc", False),
        ("gzip;q=2", False),
        ("gzip;q=-1", False),
        ("gzip;q=nan", False),
        ("gzip;q=", False),
        (",, gzip ,", True),
    ],
)
def test_gzip_is_accepted_only_as_the_header_says(header, accepted):
    """RFC 9110 §12.5.3: q=0 refuses a coding, "*" stands for codings not named, a coding the
    header neither names nor covers with "*" is not acceptable; names and parameters are
    case-insensitive and whitespace around them is tolerated."""
    assert pagecache.accepts_encoding(header, "gzip") is accepted


@pytest.mark.parametrize("header", ["gzip;q=0, identity", "*;q=0, identity", "GZIP; Q=0"])
def test_a_client_refusing_gzip_gets_plain_cached_pages(client, header):
    import gzip

    first = client.get(LISTING, headers={"accept-encoding": header})
    assert state(first) == "miss"
    assert not first.has_header("Content-Encoding")
    assert first.content.startswith(b"<!DOCTYPE html>") and b"</html>" in first.content
    second = client.get(LISTING, headers={"accept-encoding": header})
    assert state(second) == "hit"
    assert not second.has_header("Content-Encoding")
    assert second.content == first.content
    assert int(second["Content-Length"]) == len(second.content)
    # The same page still goes out gzipped to a client that takes it at a lower weight.
    weighted = client.get(LISTING, headers={"accept-encoding": "gzip;q=0.5, identity"})
    assert weighted["Content-Encoding"] == "gzip"
    assert gzip.decompress(weighted.content) == first.content
