"""Which institutions have cooperated with which: pairs drawn from published projects.

Two institutions are linked when they took part in the same published project (as lead or
partner). Each link lists its projects and the transfers between the two, in either direction.
"""

from itertools import combinations

from django.db.models import Q, prefetch_related_objects

from .models import ProjectPage, Transfer


def live_projects():
    return (
        ProjectPage.objects.live()
        .public()
        .select_related("lead_institution", "lead_institution__country")
        .prefetch_related("partner_institutions__country")
        .order_by("title")
    )


def cooperation_network() -> dict:
    projects = list(live_projects())
    links: dict[tuple[int, int], dict] = {}
    institutions = {}
    for project in projects:
        members = project.institutions()
        for institution in members:
            institutions[institution.pk] = institution
        for a, b in combinations(sorted(members, key=lambda i: i.pk), 2):
            link = links.setdefault((a.pk, b.pk), {"a": a, "b": b, "projects": [], "transfers": []})
            link["projects"].append(project)
    transfers = (
        Transfer.objects.filter(page__in=[p.pk for p in projects])
        .select_related("from_institution", "to_institution", "page")
        .order_by("page__title", "sort_order")
    )
    for transfer in transfers:
        key = tuple(sorted((transfer.from_institution_id, transfer.to_institution_id)))
        link = links.get(key)
        if link is not None:
            link["transfers"].append(transfer)
    ordered = sorted(
        links.values(),
        key=lambda link: (-len(link["projects"]), link["a"].title, link["b"].title),
    )
    countries = {i.country_id for i in institutions.values() if i.country_id}
    cross_border = [link for link in ordered if link["a"].country_id != link["b"].country_id]
    return {
        "links": ordered,
        "institution_count": len(institutions),
        "country_count": len(countries),
        "cross_border_count": len(cross_border),
        "project_count": len(projects),
    }


def institution_cooperation(institution) -> dict:
    """Published projects an institution led or joined, and transfers it gave or received."""
    # Two indexed lookups of ids instead of one OR across the partner join, which needed
    # DISTINCT over every column (20 ms at 100,000 items; an OR of two subqueries, 65 ms).
    led = ProjectPage.objects.filter(lead_institution=institution).values_list("pk", flat=True)
    field = ProjectPage._meta.get_field("partner_institutions")
    joined = field.remote_field.through.objects.filter(
        **{field.m2m_reverse_field_name(): institution}
    ).values_list(field.m2m_field_name(), flat=True)
    # The page lists each project's title, status and address only: no institutions to join.
    live = ProjectPage.objects.live().public()
    projects = list(live.filter(pk__in={*led, *joined}).defer_streamfields().order_by("title"))
    live_ids = live.values("pk")
    # Received and given in one query, and what they point at only when there are some: joined
    # in, six pages made the query cost 8 ms to plan and compile even when it found nothing.
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
