"""Reference data of the API: the vocabularies (the filters' values) and the national funding
index (published editions only, with their rules, inputs and results)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from ninja import Field, Path, Query, Schema

from portal.core import addresses
from portal.core.models import PreventionApproach, PreventionLevel, TargetPopulation, Theme
from portal.funding.models import Edition, Score, Value
from portal.funding.services import current_editions
from portal.institutions.models import Country
from portal.programs.models import PreventionModel

from .api import ERRORS, api, page_links, refuse_unknown
from .schemas import MAX_LIMIT, MAX_OFFSET, paged


class Term(Schema):
    slug: str
    name: str
    name_en: str


class CountrySchema(Schema):
    code: str
    name: str


class Vocabularies(Schema):
    themes: list[Term]
    target_populations: list[Term]
    approaches: list[Term]
    levels: list[Term]
    prevention_models: list[Term]
    countries: list[CountrySchema]


def _terms(model) -> list[dict]:
    names = defaultdict(dict)
    for slug, language, name in model.objects.values_list("slug", "locale__language_code", "name"):
        names[slug][language] = name
    default = settings.LANGUAGE_CODE
    return sorted(
        (
            {"slug": slug, "name": by.get(default, ""), "name_en": by.get("en", "")}
            for slug, by in names.items()
        ),
        key=lambda term: term["slug"],
    )


@api.get(
    "/vocabularies/",
    response={200: Vocabularies, **ERRORS},
    operation_id="vocabularies",
    url_name="vocabularies",
    summary="Vocabularies: the values of the filters",
    tags=["reference"],
)
def vocabularies(request):
    refuse_unknown(request, ())
    return {
        "themes": _terms(Theme),
        "target_populations": _terms(TargetPopulation),
        "approaches": _terms(PreventionApproach),
        "levels": _terms(PreventionLevel),
        "prevention_models": _terms(PreventionModel),
        "countries": list(Country.objects.order_by("code").values("code", "name")),
    }


class EditionSummary(Schema):
    id: int
    api_url: str
    name: str
    year: int
    version: int
    current: bool = Field(description="The latest published version of its year.")
    corrects: int | None
    published_at: datetime.datetime | None
    illustrative: bool
    weights_are_placeholder: bool


class VariableSchema(Schema):
    key: str
    name: str
    name_en: str
    weight: float
    higher_is_more_vulnerable: bool
    census_based: bool
    source: str


class GroupRuleSchema(Schema):
    group: str
    share: float | None
    amount: int | None


class AllocationSchema(Schema):
    year: int
    group: str
    municipalities: int
    amount: int


class ScoreSchema(Schema):
    rank: int
    municipality: str = Field(description="Official code of the municipality.")
    name: str
    region: str
    score: float
    group: str
    contributions: dict[str, float]
    inputs: dict[str, float]


class EditionDetail(EditionSummary):
    normalisation: str
    urgent_sizes: str
    rotating_split: str
    allocation_mode: str
    currency: str
    budget_year1: int
    budget_year2: int
    census_from: int | None
    notes: str
    changes: str
    computed_at: datetime.datetime | None
    variables: list[VariableSchema]
    group_rules: list[GroupRuleSchema]
    allocations: list[AllocationSchema]
    scores: list[ScoreSchema]


class EditionFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    current: bool = Field(False, description="Only the latest published version of each year.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _published():
    return Edition.objects.filter(status=Edition.Status.PUBLISHED)


def _latest_ids() -> set[int]:
    return {edition.pk for edition in current_editions()}


def _summary(request, edition, latest) -> dict:
    return {
        "id": edition.pk,
        "api_url": addresses.absolute(
            reverse("api:funding_editions_detail", kwargs={"edition_id": edition.pk}), request
        ),
        "name": edition.name,
        "year": edition.year,
        "version": edition.version,
        "current": edition.pk in latest,
        "corrects": edition.corrects_id,
        "published_at": edition.published_at,
        "illustrative": edition.illustrative,
        "weights_are_placeholder": edition.weights_are_placeholder,
    }


@api.get(
    "/funding-index/editions/",
    response={200: paged(EditionSummary, "Edition"), **ERRORS},
    operation_id="funding_editions_list",
    url_name="funding_editions_list",
    summary="National funding index: published editions",
    tags=["funding-index"],
)
def editions(request, filters: Query[EditionFilters]):
    refuse_unknown(request, EditionFilters.model_fields)
    latest = _latest_ids()
    queryset = _published().order_by("-year", "-version")
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    if filters.current:
        queryset = queryset.filter(pk__in=latest)
    count = queryset.count()
    window = queryset[filters.offset : filters.offset + filters.limit]
    return {
        **page_links(request, count, filters.limit, filters.offset),
        "results": [_summary(request, edition, latest) for edition in window],
    }


@api.get(
    "/funding-index/editions/{edition_id}/",
    response={200: EditionDetail, **ERRORS},
    operation_id="funding_editions_detail",
    url_name="funding_editions_detail",
    summary="National funding index: one edition with its rules, inputs and results",
    tags=["funding-index"],
)
def edition(request, edition_id: Path[int]):
    refuse_unknown(request, ())
    found = _published().filter(pk=edition_id).first() if 1 <= edition_id < 2**31 else None
    if found is None:
        raise Http404(f"No published edition {edition_id}.")
    inputs = defaultdict(dict)
    for code, key, number in Value.objects.filter(edition=found).values_list(
        "municipality__code", "variable__key", "value"
    ):
        inputs[code][key] = float(number)
    scores = Score.objects.filter(edition=found).select_related(
        "municipality", "municipality__region"
    )
    return {
        **_summary(request, found, _latest_ids()),
        **{
            name: getattr(found, name)
            for name in (
                *("normalisation", "urgent_sizes", "rotating_split", "allocation_mode"),
                *("currency", "budget_year1", "budget_year2", "notes", "changes"),
                "computed_at",
            )
        },
        "census_from": found.census_from_id,
        "variables": [
            {
                "key": v.key,
                "name": v.name,
                "name_en": v.name_en,
                "weight": float(v.weight),
                "higher_is_more_vulnerable": v.higher_is_more_vulnerable,
                "census_based": v.census_based,
                "source": v.source,
            }
            for v in found.variables.all()
        ],
        "group_rules": [
            {
                "group": r.group,
                "share": None if r.share is None else float(r.share),
                "amount": r.amount,
            }
            for r in found.group_rules.all()
        ],
        "allocations": list(found.allocations.values("year", "group", "municipalities", "amount")),
        "scores": [
            {
                "rank": s.rank,
                "municipality": s.municipality.code,
                "name": s.municipality.name,
                "region": s.municipality.region.name,
                "score": float(s.score),
                "group": s.group,
                "contributions": {k: float(v) for k, v in s.contributions.items()},
                "inputs": inputs.get(s.municipality.code, {}),
            }
            for s in scores
        ],
    }
