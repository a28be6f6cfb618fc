"""Loading the demo content (idempotent: pages are found by their slug under their parent)."""

from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Orderable, Page

from portal.core.models import (
    PortalDocument,
    PreventionApproach,
    PreventionLevel,
    TargetPopulation,
    Theme,
)
from portal.exchanges.models import (
    ExchangeEventPage,
    FundPage,
    ProjectActivity,
    ProjectPage,
    Transfer,
)
from portal.institutions.evaluations.models import Evaluation, EvaluationOutcome
from portal.institutions.models import Country, InstitutionPage, Municipality, Region
from portal.observatories.models import (
    DataHolding,
    IndicatorSeries,
    ObservatoryPage,
    ObservatoryReportPage,
    TerritorialDivision,
)
from portal.practices.models import ManualPage, PracticeOutcome, PracticePage
from portal.programs.models import PreventionModel, ProgramIndicator, ProgramPage

from . import content
from .pdf import make_pdf
from .structure import child_by_slug, ensure_site_structure, publish_child


class DemoError(Exception):
    """The demo cannot be loaded (e.g. the registry has not been imported)."""


def _terms(model, slugs):
    found = list(model.objects.filter(slug__in=slugs, locale__language_code="es"))
    missing = set(slugs) - {term.slug for term in found}
    if missing:
        raise DemoError(f"Unknown {model._meta.verbose_name} codes: {', '.join(sorted(missing))}")
    return found


def _classify(page, data):
    page.themes.set(_terms(Theme, data.get("themes", [])))
    page.target_populations.set(_terms(TargetPopulation, data.get("populations", [])))
    page.approaches.set(_terms(PreventionApproach, data.get("approaches", [])))
    page.levels.set(_terms(PreventionLevel, data.get("levels", [])))


def manual_document(institution, data) -> PortalDocument:
    """The manual as a PDF in the institution's collection, written from its chapters."""
    lines = [data["title"], ""]
    for heading, body in data["chapters"]:
        lines += [heading, strip_tags(body), ""]
    document = PortalDocument(title=data["title"], collection=institution.access.collection)
    document.file.save(f"{data['slug']}.pdf", ContentFile(make_pdf(lines)), save=False)
    document.save()
    return document


def prevention_model(data, institutions) -> PreventionModel:
    """The model's Spanish row and its English translation (idempotent by slug)."""
    from wagtail.models import Locale

    spanish, english = (
        Locale.objects.get(language_code="es"),
        Locale.objects.get(language_code="en"),
    )
    term, _created = PreventionModel.objects.get_or_create(
        slug=data["slug"],
        locale=spanish,
        defaults={
            "name": data["name"],
            "description": data["description"],
            "origin": institutions[data["origin"]],
        },
    )
    if not PreventionModel.objects.filter(translation_key=term.translation_key, locale=english):
        PreventionModel.objects.create(
            slug=data["slug"],
            locale=english,
            translation_key=term.translation_key,
            name=data["name_en"],
            description=data["description_en"],
            origin=term.origin,
        )
    return term


def demo_indicator(data) -> ProgramIndicator:
    return ProgramIndicator(
        name=data["name"],
        kind=data["kind"],
        unit=data["unit"],
        direction=data["direction"],
        baseline=data["baseline"],
        baseline_period=data["baseline_period"],
        measurements=[
            (
                "value",
                {
                    "period": period,
                    "target": target,
                    "actual": actual,
                    "source": content.ILLUSTRATIVE,
                },
            )
            for period, target, actual in data["values"]
        ],
    )


def load_observatory(loader, institution) -> ObservatoryPage:
    data = content.OBSERVATORY
    themes = {t.slug: t for t in Theme.objects.filter(locale__language_code="es")}
    holdings = [
        DataHolding(
            name=item["name"],
            theme=themes[item["theme"]],
            source=item["source"],
            level=item["level"],
            periodicity=item["periodicity"],
            first_period=item["first_period"],
            access=item["access"],
            notes=content.HOLDING_NOTE,
        )
        for item in content.OBSERVATORY_HOLDINGS
    ]
    series = [
        IndicatorSeries(
            indicator=item["indicator"],
            territory=item["territory"],
            level=item["level"],
            unit=item["unit"],
            theme=themes[item["theme"]],
            source=content.ILLUSTRATIVE,
            values=[("value", {"period": p, "value": Decimal(v)}) for p, v in item["values"]],
        )
        for item in content.OBSERVATORY_SERIES
    ]
    return loader.page(
        institution,
        ObservatoryPage,
        data,
        divisions=[TerritorialDivision(**item) for item in data["divisions"]],
        holdings=holdings,
        series=series,
        **{
            key: data[key]
            for key in (
                "kind",
                "founded_year",
                "restructured_year",
                "networks",
                "awards",
                "history",
                "governance",
                "territory",
                "lines_of_work",
                "work_processes",
                "products",
                "lessons",
            )
        },
    )


def report_document(institution, data) -> PortalDocument:
    """A one-page PDF standing in for the product, in the institution's collection."""
    lines = [data["title"], "", data["summary"], "", strip_tags(data["body"])]
    document = PortalDocument(title=data["title"], collection=institution.access.collection)
    document.file.save(f"{data['slug']}.pdf", ContentFile(make_pdf(lines)), save=False)
    document.save()
    return document


def demo_transfer(item, institutions, models_) -> Transfer:
    def page(model, key):
        if key not in item:
            return None
        parent, slug = item[key]
        return model.objects.get(slug=slug, institution__slug=parent, locale__language_code="es")

    return Transfer(
        name=item["name"],
        from_institution=institutions[item["from"]],
        to_institution=institutions[item["to"]],
        state=item["state"],
        prevention_model=models_.get(item.get("model")),
        practice=page(PracticePage, "practice"),
        program=page(ProgramPage, "program"),
    )


def demo_evaluations(data: dict) -> list[Evaluation]:
    """The page's evaluations, each with the outcomes it measured (their theme by its code)."""
    evaluations = []
    for item in data.get("evaluations", []):
        fields = {key: value for key, value in item.items() if key != "outcomes"}
        evaluation = Evaluation(sort_order=len(evaluations), **fields)
        evaluation.outcomes = [
            EvaluationOutcome(
                sort_order=position,
                theme=_terms(Theme, [outcome["theme"]])[0] if outcome.get("theme") else None,
                **{key: value for key, value in outcome.items() if key != "theme"},
            )
            for position, outcome in enumerate(item.get("outcomes", []))
        ]
        evaluations.append(evaluation)
    return evaluations


class Loader:
    def __init__(self):
        self.created = Counter()
        self.existing = Counter()

    def page(self, parent: Page, model, data: dict, *, m2m: dict | None = None, **fields) -> Page:
        """Return the child of ``parent`` with this slug, creating and publishing it if missing."""
        found = child_by_slug(parent, data["slug"])
        label = model._meta.verbose_name_plural
        if found is not None:
            self.existing[label] += 1
            return found
        for value in fields.values():
            # Inline rows keep the demo's order, as the editor's form would number them.
            if isinstance(value, list):
                for position, row in enumerate(value):
                    if isinstance(row, Orderable) and row.sort_order is None:
                        row.sort_order = position
        page = model(slug=data["slug"], title=data["title"], **fields)
        if "summary" in data:
            page.summary = data["summary"]
        if hasattr(page, "themes"):
            _classify(page, data)
        for name, values in (m2m or {}).items():
            getattr(page, name).set(values)
        publish_child(parent, page)
        self.created[label] += 1
        return page

    def report(self) -> str:
        labels = sorted(set(self.created) | set(self.existing))
        return "; ".join(
            f"{label}: {self.created[label]} created, {self.existing[label]} already there"
            for label in labels
        )


@transaction.atomic
def load_demo() -> str:
    if not Municipality.objects.filter(country__code="CL").exists():
        raise DemoError(
            "The registry is empty: run 'python manage.py import_municipalities' first."
        )
    sections = ensure_site_structure()
    loader = Loader()

    municipality = Municipality.objects.get(country__code="CL", code="13122")
    if municipality.population is None:
        for name, value in content.PENALOLEN_POPULATION.items():
            setattr(municipality, name, value)
        municipality.save()

    institutions = {}
    for data in content.INSTITUTIONS:
        fields = {
            "kind": data["kind"],
            "country": Country.objects.get(code=data["country"]),
            "unit_name": data["unit_name"],
            "body": data["body"],
            "website": data["website"],
        }
        if "municipality" in data:
            record = Municipality.objects.get(country=fields["country"], code=data["municipality"])
            fields.update(municipality=record, region=record.region)
        else:
            fields["region"] = Region.objects.get(country=fields["country"], code=data["region"])
        institutions[data["slug"]] = loader.page(
            sections["instituciones"], InstitutionPage, data, **fields
        )

    observatory = load_observatory(loader, institutions[content.OBSERVATORY["parent"]])
    for data in content.OBSERVATORY_REPORTS:
        loader.page(
            observatory,
            ObservatoryReportPage,
            data,
            kind=data["kind"],
            date=data["date"],
            date_precision=data["date_precision"],
            body=data["body"],
            document=report_document(institutions[content.OBSERVATORY["parent"]], data)
            if child_by_slug(observatory, data["slug"]) is None
            else None,
        )

    models_ = {
        data["slug"]: prevention_model(data, institutions) for data in content.PREVENTION_MODELS
    }
    for data in content.PROGRAMS:
        loader.page(
            institutions[data["parent"]],
            ProgramPage,
            data,
            status=data["status"],
            description=data["description"],
            territory=data.get("territory", ""),
            prevention_model=models_.get(data.get("model")),
            indicators=[demo_indicator(item) for item in data.get("indicators", [])],
            evaluations=demo_evaluations(data),
        )

    practice_fields = (
        "problem",
        "general_objective",
        "objectives",
        "how_it_works",
        "results",
        "lessons",
        "territory",
        "risk_factors",
        "success_factors",
        "recommendations",
        "contact_role",
        "adaptation_notes",
        "emmie_mechanism",
        "emmie_moderators",
        "emmie_implementation",
        "emmie_cost",
    )
    # Originals first, so adaptations can point at them.
    for data in sorted(content.PRACTICES, key=lambda item: "adapted_from" in item):
        adapted_from = None
        if "adapted_from" in data:
            parent_slug, slug = data["adapted_from"]
            adapted_from = PracticePage.objects.get(
                slug=slug, institution__slug=parent_slug, locale__language_code="es"
            )
        loader.page(
            institutions[data["parent"]],
            PracticePage,
            data,
            status=data["status"],
            start_year=data.get("start_year"),
            adapted_from=adapted_from,
            outcomes=[PracticeOutcome(**item) for item in data.get("outcomes", [])],
            evaluations=demo_evaluations(data),
            **{key: data.get(key, "") for key in practice_fields},
        )

    for data in content.MANUALS:
        chapters = [("chapter", {"heading": h, "body": b}) for h, b in data["chapters"]]
        institution = institutions[data["parent"]]
        loader.page(
            institution,
            ManualPage,
            data,
            chapters=chapters,
            document=manual_document(institution, data)
            if child_by_slug(institution, data["slug"]) is None
            else None,
        )

    fund = loader.page(
        sections["cooperacion"],
        FundPage,
        content.FUND,
        m2m={"countries": list(Country.objects.filter(code__in=content.FUND["countries"]))},
        year_created=content.FUND["year_created"],
        description=content.FUND["description"],
    )

    project = content.PROJECT
    activities = []
    for item in project["activities"]:
        activity = ProjectActivity(
            kind=item["kind"],
            title=item["title"],
            host_institution=institutions[item["host"]],
            start_date=item["start_date"],
            end_date=item["end_date"],
            place=item["place"],
            learned=item["learned"],
        )
        activity.visiting_institutions.set([institutions[slug] for slug in item["visitors"]])
        activities.append(activity)
    transfers = [demo_transfer(item, institutions, models_) for item in project["transfers"]]
    loader.page(
        fund,
        ProjectPage,
        project,
        m2m={"partner_institutions": [institutions[slug] for slug in project["partners"]]},
        lead_institution=institutions[project["lead"]],
        activities=activities,
        transfers=transfers,
        **{
            key: project[key]
            for key in (
                "status",
                "agreement_year",
                "planned_start",
                "municipalities_reached",
                "online_participants",
                "general_objective",
                "specific_objectives",
                "disruptions",
                "outcomes",
            )
        },
    )

    meeting = content.METROPOLITAN_MEETING
    loader.page(
        institutions[meeting["parent"]],
        ExchangeEventPage,
        meeting,
        municipality=Municipality.objects.get(country__code="CL", code=meeting["municipality"]),
        **{
            key: meeting[key]
            for key in (
                "organizers",
                "place",
                "municipalities_reached",
                "participants",
                "objectives",
                "conclusions",
            )
        },
    )
    from portal.funding.demo import load_demo_edition

    edition = load_demo_edition()
    report = loader.report()
    if edition is not None:
        report += f"; funding index: {edition} published over {edition.scores.count()} comunas"
    return report
