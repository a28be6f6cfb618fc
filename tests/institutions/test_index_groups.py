"""The funding index's group labels live with the municipality (portal.institutions)."""

from django.utils import translation

from portal.funding import public
from portal.institutions.listing import owner_facets
from portal.institutions.models import IndexGroup, index_group_label, index_group_labels


def test_groups_are_named_in_the_visitors_language_and_unknown_codes_stay_as_they_are():
    with translation.override("en"):
        assert index_group_label("U1") == "Urgent 1"
        assert index_group_labels(["A", "Z9"]) == {"A": "Rotating A", "Z9": "Z9"}
    with translation.override("es"):
        assert index_group_label("U1") == "Urgente 1"
    assert IndexGroup.values == ["U1", "U2", "U3", "A", "B"]


def test_the_listings_facet_and_the_index_pages_use_the_same_labels():
    facet = next(f for f in owner_facets() if f.param == "group")
    with translation.override("en"):
        assert facet.labels(["U2"]) == {"U2": "Urgent 2"}
        assert public.group_label("B") == "Rotating B"
