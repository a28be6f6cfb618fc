"""The network map: where the institutions that publish are, and what each region publishes.

Counts come from live, public pages of the registry's counted types. A page and its translations
count once (distinct ``translation_key``), and are credited to the institution whatever locale it
is read in.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.templatetags.portal_tags import localized_name
from portal.institutions import maps

from .counts import column, counted_types, grouped_counts, owner_prefix


@dataclass
class RegionRow:
    code: str
    name: str
    counts: list[int]


@dataclass
class CountryMap:
    country: object
    institutions: list
    columns: list[str]
    rows: list[RegionRow]
    national: list[int] | None  # institutions without a region (national bodies)
    svg: str = ""
    legend: str = ""
    outside: list[str] = field(default_factory=list)
    tall: bool = False


def published_counts() -> tuple[list[str], dict]:
    """Column labels, and per institution translation key the count of each column."""
    entries = counted_types(owned=True)
    labels = {entry.key: column(entry) for entry in entries}
    counts = defaultdict(Counter)
    rows = grouped_counts(
        entries, lambda entry: f"{owner_prefix(entry)}translation_key", distinct="translation_key"
    )
    for key, owner, n in rows:
        counts[owner][labels[key]] = n
    return list(labels.values()), counts


def _add(a: list[int], b: list[int]) -> list[int]:
    return [x + y for x, y in zip(a, b, strict=True)]


def _marker(institution, published: int) -> maps.Marker | None:
    place = institution.place()
    if place is None:
        return None
    return maps.Marker(
        *place,
        institution.title,
        size=1 if published == 0 else 2 if published < 5 else 3,
    )


def country_maps(institutions) -> list[CountryMap]:
    """One map and region table per country, for the institutions listed on the index."""
    columns, counts = published_counts()
    by_country = defaultdict(list)
    for institution in institutions:
        by_country[institution.country].append(institution)
    result = []
    for country, members in by_country.items():
        regions, national, markers = {}, None, []
        for institution in members:
            own = counts.get(institution.translation_key, Counter())
            values = [1] + [own[c] for c in columns]
            if institution.region is None:
                national = _add(national or [0] * len(values), values)
            else:
                row = regions.setdefault(
                    institution.region.code,
                    RegionRow(institution.region.code, institution.region.name, [0] * len(values)),
                )
                row.counts = _add(row.counts, values)
            marker = _marker(institution, sum(values) - 1)
            if marker:
                markers.append(marker)
        rows = sorted(regions.values(), key=lambda r: r.code)
        entry = CountryMap(country, members, [_("Institutions"), *columns], rows, national)
        if maps.has_map(country.code):
            scale = maps.count_scale([r.counts[0] for r in rows])
            levels = {
                r.code: (
                    scale.level(r.counts[0]),
                    ngettext(
                        "%(region)s: %(count)d institution",
                        "%(region)s: %(count)d institutions",
                        r.counts[0],
                    )
                    % {"region": r.name, "count": r.counts[0]},
                )
                for r in rows
            }
            entry.svg = maps.draw(
                country.code,
                ident=f"network-map-{country.code.lower()}",
                label=_("Map of %(country)s: institutions that publish, by region")
                % {"country": localized_name(country)},
                levels=levels,
                markers=markers,
            )
            entry.legend = maps.legend(
                scale, _("Institutions that publish in the region"), _("None yet")
            )
            entry.outside = maps.outside_frame(country.code)
            entry.tall = maps.is_tall(country.code)
        result.append(entry)
    return result
