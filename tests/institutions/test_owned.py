"""An institution's page shows what it published: the newest of each type, and the way to all."""

from collections import Counter

import pytest
from wagtail.models import Page

from portal.institutions import models as institution_models
from portal.practices.models import PracticeIndexPage, PracticePage
from portal.programs.models import ProgramIndicator
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import publish
from tests.factories.practices import ManualPageFactory, PracticePageFactory
from tests.factories.programs import ProgramPageFactory

pytestmark = pytest.mark.django_db


def _owned_section(html: str) -> str:
    """The "published by this institution" part of the page (cooperation is listed apart)."""
    return html.split('id="owned-heading"')[1].split('id="cooperation-heading"')[0]


@pytest.fixture
def publisher():
    """An institution with three practices (published one after the other), a manual, a program
    with a target and a draft; another institution publishes a practice too."""
    institution = publish(InstitutionPageFactory())
    for number in range(3):
        publish(
            PracticePageFactory(
                parent=institution,
                title=f"Práctica propia {number}",
                summary=f"Resumen{number} de la práctica.",
            )
        )
    publish(ManualPageFactory(parent=institution))
    program = ProgramPageFactory(parent=institution, summary="Metas del programa propio.")
    program.indicators = [
        ProgramIndicator(
            name="Denuncias",
            unit="casos",
            direction="lower",
            baseline=100,
            baseline_period="2022",
            measurements=[("value", {"period": "2023", "target": 90, "actual": 80})],
        )
    ]
    publish(program)
    PracticePageFactory(parent=institution, title="Práctica en borrador", live=False)
    publish(PracticePageFactory(title="Práctica de otra institución"))
    return institution


def _busiest_publisher_of_practices():
    counts = Counter(PracticePage.objects.live().values_list("institution_id", flat=True))
    institution_id, count = counts.most_common(1)[0]
    return PracticePage.objects.filter(institution_id=institution_id).first().institution, count


def test_each_type_shows_its_newest_pages_the_count_and_a_link_to_all(
    client, publisher, monkeypatch
):
    institution, count = _busiest_publisher_of_practices()
    assert (institution, count) == (publisher, 3)
    practices = PracticePage.objects.live().filter(institution=institution)
    newest = practices.order_by("-first_published_at", "-pk").first()
    monkeypatch.setattr(institution_models, "OWNED_SHOWN", 1)

    html = _owned_section(client.get(institution.url).content.decode())

    assert newest.title in html
    for older in practices.exclude(pk=newest.pk):
        assert older.title not in html
    assert f"({count})" in html
    url = f"{PracticeIndexPage.objects.get().url}?institution={institution.slug}"
    assert f'href="{url}"' in html
    # The link opens the practices listing filtered by this institution: every one, only them.
    listing = client.get(url)
    assert listing.status_code == 200
    listed = listing.content.decode()
    for practice in practices:
        assert practice.title in listed
    for other in PracticePage.objects.live().exclude(institution=institution):
        assert other.title not in listed


def test_unpublished_pages_are_neither_shown_nor_counted(client, publisher):
    institution, count = _busiest_publisher_of_practices()
    gone = PracticePage.objects.live().filter(institution=institution).first()
    gone.unpublish()
    html = _owned_section(client.get(institution.url).content.decode())
    assert gone.title not in html
    assert f"({count - 1})" in html


def test_the_page_reads_a_fixed_number_of_rows_whatever_it_published(
    client, publisher, monkeypatch
):
    institution, _count = _busiest_publisher_of_practices()
    monkeypatch.setattr(institution_models, "OWNED_SHOWN", 1)
    groups = institution.owned_groups()
    assert groups and all(len(group["pages"]) == 1 for group in groups)
    assert sum(group["count"] for group in groups) == (
        Page.objects.live().descendant_of(institution).count()
    )


def test_cards_show_each_pages_type_summary_and_a_programs_targets(client, publisher):
    from portal.programs.models import ProgramPage

    program = ProgramPage.objects.live().exclude(target_status="").first()
    assert program is not None and program.institution == publisher
    html = _owned_section(client.get(program.institution.url).content.decode())
    card = html.split(f'href="{program.url}"')[0].rsplit("<article", 1)[1]
    card += html.split(f'href="{program.url}"')[1].split("</article>")[0]
    assert 'class="card card--programs-programpage"' in "<article" + card
    assert program.summary.split()[0] in card
    assert f"badge--target-{program.target_status}" in card
    assert str(program.get_target_status_display()) in card
    practice = PracticePage.objects.live().filter(institution=program.institution).first()
    if practice is not None:
        assert practice.summary.split()[0] in html
