"""Live, public pages of every counted content type (the content registry), grouped by a path
from each type to its owner, read in one statement whatever the number of types."""

from django.db.models import CharField, Count, Value
from django.utils.text import capfirst

from portal.core import content, visibility


def counted_types(*, owned: bool = False) -> list[content.ContentType]:
    """Registry entries counted in the network figures, in registry order; ``owned`` leaves out
    the institutions themselves (the types whose country path does not go through an owner)."""
    return [
        entry
        for entry in content.content_types()
        if entry.counted and entry.country_path and not (owned and owner_prefix(entry) == "")
    ]


def owner_prefix(entry: content.ContentType) -> str:
    """The path to the institution a type is credited to, with its trailing ``__``
    ("institution__", "lead_institution__"), read off its country path; "" for institutions."""
    return entry.country_path.removesuffix("country__code")


def column(entry: content.ContentType) -> str:
    return capfirst(entry.name)


def grouped_counts(entries, path_of, *, distinct: str = "pk") -> list[tuple[str, object, int]]:
    """``(key, value, n)``: how many live, public pages of each type have each value of
    ``path_of(entry)``, counting distinct ``distinct``."""
    queries = [
        visibility.shown_queryset(entry.model.objects.all())
        .values_list(path_of(entry))
        .annotate(n=Count(distinct, distinct=True), key=Value(entry.key, CharField()))
        .values_list("key", path_of(entry), "n")
        .order_by()
        for entry in entries
    ]
    if not queries:
        return []
    return list(queries[0].union(*queries[1:], all=True))
