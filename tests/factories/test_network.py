"""``build_network()`` publishes an item of every portal content type for each of its two
institutions, each where an editor would put it."""

import pytest

from tests.factories.network import CHILE_THEMES, MEXICO_THEMES, build_network, portal_content_types

pytestmark = pytest.mark.django_db


def test_every_content_type_has_a_published_item_in_each_country():
    network = build_network()
    keys = {entry.key for entry in portal_content_types()}
    assert {"practices", "projects", "reports"} <= keys
    for institution, themes in zip(
        network.institutions, (CHILE_THEMES, MEXICO_THEMES), strict=True
    ):
        items = network.items[institution.country.code]
        assert set(items) == keys
        for entry in portal_content_types():
            page = items[entry.key]
            assert type(page) is entry.model and page.live and not page.has_unpublished_changes
            assert page.get_parent().specific_class in entry.model.allowed_parent_page_models()
            if getattr(page, "institution_id", None) and entry.key != "projects":
                assert page.institution_id == institution.pk, entry.key
            if hasattr(page, "themes"):
                assert set(page.themes.values_list("slug", flat=True)) == set(themes)
        # Types that may live under another content type are placed there.
        assert items["reports"].get_parent().pk == items["observatories"].pk
        assert items["projects"].get_parent().pk == items["funds"].pk
        assert items["projects"].lead_institution_id == institution.pk
    assert network.chile.municipality.code == "13122" and network.mexico.country.code == "MX"
