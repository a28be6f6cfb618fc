"""Every admin URL belongs to one family of the isolation matrix, and each family has URLs."""

from collections import Counter

from .matrix import FAMILIES, NO_OBJECT_OF_B, admin_urls, family


def test_every_admin_url_is_in_a_family_and_every_family_has_urls():
    counts = Counter(
        family(name)
        for route, name, _pattern in admin_urls()
        if name and name not in NO_OBJECT_OF_B and not route.endswith("^.*/$")
    )
    assert set(counts) == set(FAMILIES), counts
    assert sum(counts.values()) >= 250, counts
