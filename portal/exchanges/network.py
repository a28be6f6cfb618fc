"""Which institutions have cooperated with which: pairs drawn from published projects.

Two institutions are linked when they took part in the same published project (as lead or
partner). Each link lists its projects and the transfers between the two, in either direction.
"""

from collections import defaultdict
from itertools import combinations

from django.db.models import Q, prefetch_related_objects

from portal.core import visibility
from portal.institutions.models import InstitutionPage

from .models import ProjectPage, Transfer


def cooperation_network() -> dict:
    """Every link of the network and its figures, from ids alone.

    Links are ``{"a": id, "b": id, "projects": [ids]}``, the strongest first (then by the two
    names); ``with_pages()`` reads the pages of the few links shown (building every link from whole
    pages does not scale with the network).
    """
    live = visibility.shown_queryset(ProjectPage.objects)
    projects = list(live.order_by("title").values_list("pk", "lead_institution_id"))
    members = {pk: ([lead] if lead else []) for pk, lead in projects}
    field = ProjectPage._meta.get_field("partner_institutions")
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    partners = field.remote_field.through.objects.filter(**{f"{own}__in": live.values("pk")})
    for project_id, institution_id in partners.values_list(own, other).order_by("pk"):
        if project_id in members and institution_id not in members[project_id]:
            members[project_id].append(institution_id)
    links: dict[tuple[int, int], dict] = {}
    for project_id, _lead in projects:
        for a, b in combinations(sorted(members[project_id]), 2):
            link = links.setdefault((a, b), {"a": a, "b": b, "projects": []})
            link["projects"].append(project_id)
    involved = {pk for ids in members.values() for pk in ids}
    places = {
        pk: (title, country_id)
        for pk, title, country_id in visibility.shown_queryset(InstitutionPage.objects)
        .filter(pk__in=involved)
        .values_list("pk", "title", "country_id")
    }
    ordered = sorted(
        (link for link in links.values() if link["a"] in places and link["b"] in places),
        key=lambda link: (-len(link["projects"]), places[link["a"]][0], places[link["b"]][0]),
    )
    countries = {country for _title, country in places.values() if country}
    cross_border = [link for link in ordered if places[link["a"]][1] != places[link["b"]][1]]
    return {
        "links": ordered,
        "institution_count": len(places),
        "country_count": len(countries),
        "cross_border_count": len(cross_border),
        "project_count": len(projects),
    }


def with_pages(links: list[dict]) -> list[dict]:
    """The given links with their institutions, projects and transfers as pages and rows."""
    institution_ids = {pk for link in links for pk in (link["a"], link["b"])}
    project_ids = {pk for link in links for pk in link["projects"]}
    institutions = InstitutionPage.objects.select_related("country").in_bulk(institution_ids)
    projects = ProjectPage.objects.defer_streamfields().in_bulk(project_ids)
    transfers = defaultdict(list)
    for transfer in (
        Transfer.objects.filter(page__in=project_ids)
        .select_related("from_institution", "to_institution", "page")
        .order_by("page__title", "sort_order")
    ):
        key = tuple(sorted((transfer.from_institution_id, transfer.to_institution_id)))
        transfers[key].append(transfer)
    return [
        {
            "a": institutions[link["a"]],
            "b": institutions[link["b"]],
            "projects": [projects[pk] for pk in link["projects"] if pk in projects],
            "transfers": transfers.get((link["a"], link["b"]), []),
        }
        for link in links
    ]


def institution_cooperation(institution) -> dict:
    """Published projects an institution led or joined, and transfers it gave or received."""
    # Two indexed lookups of ids instead of one OR across the partner join, which needs
    # DISTINCT over every column.
    led = ProjectPage.objects.filter(lead_institution=institution).values_list("pk", flat=True)
    field = ProjectPage._meta.get_field("partner_institutions")
    joined = field.remote_field.through.objects.filter(
        **{field.m2m_reverse_field_name(): institution}
    ).values_list(field.m2m_field_name(), flat=True)
    # The page lists each project's title, status and address only: no institutions to join.
    live = visibility.shown_queryset(ProjectPage.objects)
    projects = list(live.filter(pk__in={*led, *joined}).defer_streamfields().order_by("title"))
    live_ids = live.values("pk")
    # Received and given in one query, and what they point at only when there are some (six
    # joined pages are costly to plan even when nothing is found).
    transfers = list(
        Transfer.objects.filter(page__in=live_ids).filter(
            Q(to_institution=institution) | Q(from_institution=institution)
        )
    )
    prefetch_related_objects(
        transfers,
        "from_institution",
        "to_institution",
        "page",
        "prevention_model",
        "practice",
        "program",
    )
    return {
        "projects": projects,
        "received": [t for t in transfers if t.to_institution_id == institution.pk],
        "given": [t for t in transfers if t.from_institution_id == institution.pk],
    }
