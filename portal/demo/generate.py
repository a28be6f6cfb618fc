"""Generated content for the speed benchmark (``make bench``): many real pages, quickly.

``generate(n)`` adds ``n`` published pages of the content types visitors read (good practices,
manuals, programs, observatories with their reports, cooperation projects, network meetings),
spread over institutions of the real municipal registry (one institution per
``ITEMS_PER_INSTITUTION`` items, created on the way), countries, themes, populations,
approaches and years, with Spanish text, inline rows (outcomes, indicators, holdings, series,
activities) and their evidence-search entries.

Adding pages one by one (treebeard's ``add_child``, ``save_revision().publish()``) is far too slow
for large networks. Here the tree is written directly: each new page gets the
next materialised path under its parent, its base ``wagtailcore_page`` rows are inserted in
bulk, then the rows of its specific table (Django's ``bulk_create`` refuses multi-table
inheritance, so through the same ``_insert`` that ``Model.save`` uses), its many-to-many and
inline rows, one revision per page which becomes its ``latest_revision`` and
``live_revision``, the parents' ``numchild``, and the ``SearchEntry`` rows with their vectors
and the search backend's index, built by ``portal.search.documents.entry_data`` exactly as a
publish builds them. Pages therefore render, list, filter and search like pages an editor
published. Institutions' editor groups and collections (the accounts service, as the signal
does) only when asked: only the admin needs them. Not done: Wagtail's own index of the pages
(the admin's search; ``manage.py update_index`` builds it) and the audit log.

Generated pages carry a slug ending in ``-g<number>`` (how the command recognises them).
"""

import datetime
import random
import re
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.text import slugify
from modelcluster.models import (
    ClusterableModel,
    get_all_child_m2m_relations,
    get_all_child_relations,
)
from wagtail.models import Locale, Page, Revision, TranslatableMixin

from portal.core import content
from portal.core.csvimport import fold
from portal.core.models import PreventionApproach, PreventionLevel, TargetPopulation, Theme
from portal.exchanges.models import (
    ExchangeEventPage,
    FundPage,
    ProjectActivity,
    ProjectPage,
)
from portal.institutions.evaluations.models import Evaluation
from portal.institutions.evaluations.rating import rate
from portal.institutions.models import InstitutionIndexPage, InstitutionPage, Municipality
from portal.observatories.models import (
    DataHolding,
    IndicatorSeries,
    ObservatoryPage,
    ObservatoryReportPage,
    TerritorialDivision,
)
from portal.practices.models import ManualPage, PracticeOutcome, PracticePage
from portal.practices.ratings import documentation_quality
from portal.programs.indicators import program_status
from portal.programs.models import PreventionModel, ProgramFunding, ProgramIndicator, ProgramPage
from portal.search import vectors
from portal.search.documents import entry_data
from portal.search.models import SearchEntry, SearchEntryTerm

GENERATED_SLUG = re.compile(r"-g[0-9]+$")
GENERATED_SLUG_SQL = r"-g[0-9]+$"
ITEMS_PER_INSTITUTION = 40
ONE_EVALUATION_LEVEL = rate([], evaluations=1).level
PROJECTS_PER_FUND = 25
BATCH = 500
# Share of each content type among the generated items.
MIX = [
    ("observatories", ObservatoryPage, 8),
    ("practices", PracticePage, 30),
    ("manuals", ManualPage, 10),
    ("programs", ProgramPage, 20),
    ("reports", ObservatoryReportPage, 14),
    ("projects", ProjectPage, 12),
    ("events", ExchangeEventPage, 6),
]
FIRST_DAY = datetime.datetime(2014, 1, 1, 12, tzinfo=datetime.UTC)
PUBLISHING_DAYS = 11 * 365

VOCABULARIES = [
    ("themes", "theme", Theme, (1, 3)),
    ("target_populations", "population", TargetPopulation, (1, 3)),
    ("approaches", "approach", PreventionApproach, (1, 2)),
    ("levels", "level", PreventionLevel, (1, 2)),
]

# --- Spanish text, assembled from fragments so that words vary and search has work to do.

ACTIONS = [
    "Recuperación de",
    "Mediación comunitaria en",
    "Prevención temprana en",
    "Acompañamiento a familias en",
    "Alerta temprana de",
    "Patrullaje preventivo de",
    "Intervención psicosocial en",
    "Iluminación y diseño urbano de",
    "Mesas barriales sobre",
    "Red de apoyo para",
    "Escuela segura en",
    "Deporte y convivencia en",
]
PLACES = [
    "espacios públicos",
    "plazas y parques",
    "entornos escolares",
    "conjuntos habitacionales",
    "ferias libres",
    "paraderos y pasajes",
    "barrios prioritarios",
    "el centro histórico",
    "villas y poblaciones",
    "unidades vecinales",
]
SUBJECTS = [
    "El equipo municipal",
    "La dirección de seguridad",
    "Un grupo de vecinas y vecinos",
    "La mesa comunal de prevención",
    "El observatorio",
    "La oficina de la mujer",
    "El programa",
    "La coordinación territorial",
    "Carabineros junto al municipio",
    "La red de juntas de vecinos",
]
VERBS = [
    "identificó",
    "redujo",
    "acompañó",
    "mapeó",
    "priorizó",
    "capacitó a",
    "coordinó",
    "evaluó",
    "recuperó",
    "monitoreó",
    "documentó",
    "articuló",
]
OBJECTS = [
    "los puntos críticos de violencia intrafamiliar",
    "los delitos de mayor connotación social",
    "a jóvenes en riesgo de deserción escolar",
    "la percepción de inseguridad en el barrio",
    "los llamados a la línea de emergencia",
    "a las organizaciones comunitarias del sector",
    "las denuncias por robo con violencia",
    "los microtráficos cercanos a los colegios",
    "a mujeres víctimas de violencia",
    "a personas mayores que viven solas",
    "el uso de las canchas y sedes sociales",
    "la oferta de programas municipales",
]
CLOSINGS = [
    "con apoyo de la comunidad",
    "durante el primer año de ejecución",
    "en coordinación con la policía",
    "a partir de datos georreferenciados",
    "con metas anuales y seguimiento trimestral",
    "mediante talleres y visitas domiciliarias",
    "con financiamiento de un fondo nacional",
    "según la última encuesta de victimización",
]
REPORT_TITLES = [
    "Informe de",
    "Boletín trimestral de",
    "Diagnóstico comunal de",
    "Cartografía de",
    "Tipología barrial de",
]
EVENT_TITLES = ["Encuentro regional de", "Jornada de intercambio sobre", "Seminario de"]
PROJECT_TITLES = ["Cooperación en", "Transferencia de experiencias en", "Red de aprendizaje en"]
PROGRAM_TITLES = ["Programa comunal de", "Plan integral de", "Programa barrial de"]
MANUAL_TITLES = ["Manual de", "Guía práctica de", "Caja de herramientas de"]
OBSERVATORY_TITLES = [
    "Observatorio de Seguridad de",
    "Observatorio de Convivencia de",
    "Observatorio del Delito de",
]
INDICATORS = [
    ("Denuncias por violencia intrafamiliar", "denuncias"),
    ("Tasa de delitos de mayor connotación social", "tasa por 100.000 habitantes"),
    ("Llamados a la línea de emergencia", "llamados"),
    ("Percepción de inseguridad", "%"),
    ("Robos con violencia en la vía pública", "casos"),
]


def sentence(rng) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"en {rng.choice(PLACES)} {rng.choice(CLOSINGS)}."
    )


def prose(rng, low=2, high=4) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def rich(rng, paragraphs=(1, 2)) -> str:
    return "".join(f"<p>{prose(rng)}</p>" for _ in range(rng.randint(*paragraphs)))


# --- The tree: where the next child of each parent goes.


class Tree:
    """Hands out materialised paths and URL paths of new children, parent by parent."""

    def __init__(self):
        self.nodes = {}  # parent id -> [path, depth, url_path, next step, added]

    def child(self, parent: Page, slug: str) -> dict:
        node = self.nodes.get(parent.pk)
        if node is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
            node = self.nodes[parent.pk] = [parent.path, parent.depth, parent.url_path, step, 0]
        path = Page._get_path(node[0], node[1] + 1, node[3])
        node[3] += 1
        node[4] += 1
        return {"path": path, "depth": node[1] + 1, "url_path": f"{node[2]}{slug}/"}

    def save_counts(self):
        changed = [(node[4], parent_id) for parent_id, node in self.nodes.items() if node[4]]
        with connection.cursor() as cursor:
            # The table name comes from the model; every value is a %s parameter.
            cursor.executemany(
                f"UPDATE {Page._meta.db_table} SET numchild = numchild + %s WHERE id = %s",  # noqa: S608
                changed,
            )
        for node in self.nodes.values():
            node[4] = 0


@dataclass
class Pending:
    """One batch of new pages of one type, with what goes around them."""

    model: type
    pages: list = field(default_factory=list)
    m2m: dict = field(default_factory=dict)  # relation name -> [(page, [terms])]
    children: list = field(default_factory=list)  # (page, relation, [rows])


@dataclass
class GenerationReport:
    items: dict
    institutions: int
    funds: int
    seconds: float

    def __str__(self) -> str:
        kinds = ", ".join(f"{key} {count:,}" for key, count in self.items.items())
        total = sum(self.items.values())
        return (
            f"{total:,} items ({kinds}) and {self.institutions:,} new institutions, "
            f"{self.funds} funds, in {self.seconds:.1f} s ({total / self.seconds:,.0f} items/s)"
        )


def real_content_exists() -> bool:
    """Whether the database holds content pages that this module did not generate."""
    return (
        Page.objects.type(*content.content_models())
        .exclude(slug__regex=GENERATED_SLUG_SQL)
        .exists()
    )


class Generator:
    def __init__(self, *, seed: int = 7, stdout=None, institution_access: bool = False):
        self.institution_access = institution_access
        self.rng = random.Random(seed)  # noqa: S311 - generating test data
        self.stdout = stdout
        self.tree = Tree()
        self.locale = Locale.objects.get(language_code="es")
        self.page_type = ContentType.objects.get_for_model(Page)
        self.number = Page.objects.filter(slug__regex=GENERATED_SLUG_SQL).count()
        self.terms = {}
        self.term_names = {}
        for attribute, vocabulary, model, _bounds in VOCABULARIES:
            self.terms[attribute] = list(model.objects.filter(locale=self.locale))
            for term in model.objects.select_related("locale").order_by("locale__language_code"):
                names = self.term_names.setdefault((vocabulary, term.slug), [])
                names.append(term.name)
        self.models = list(PreventionModel.objects.filter(locale=self.locale))
        self.observatories = list(
            ObservatoryPage.objects.filter(slug__regex=GENERATED_SLUG_SQL).select_related(
                "institution__country", "institution__region", "institution__municipality"
            )
        )
        self.funds = list(FundPage.objects.filter(slug__regex=GENERATED_SLUG_SQL))
        self.fund_load = {fund.pk: fund.get_children().count() for fund in self.funds}
        self.new_funds = 0

    # -- small helpers

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    def slug(self, title: str) -> str:
        self.number += 1
        return f"{slugify(title)[:60].strip('-')}-g{self.number}"

    def published(self) -> datetime.datetime:
        return FIRST_DAY + datetime.timedelta(
            days=self.rng.randrange(PUBLISHING_DAYS), seconds=self.rng.randrange(86_400)
        )

    def new_page(self, model, parent: Page, title: str, **fields):
        slug = self.slug(title)
        moment = self.published()
        page = model(
            title=title[:255],
            draft_title=title[:255],
            slug=slug,
            locale=self.locale,
            translation_key=uuid.uuid4(),
            content_type=ContentType.objects.get_for_model(model),
            live=True,
            has_unpublished_changes=False,
            first_published_at=moment,
            last_published_at=moment,
            latest_revision_created_at=moment,
            show_in_menus=False,
            **self.tree.child(parent, slug),
            **fields,
        )
        return page

    @staticmethod
    def empty_relations(obj):
        """Set every child relation and parental many-to-many not set yet to nothing, in memory,
        so that serialising the page for its revision reads no database."""
        assigned = getattr(obj, "_cluster_related_objects", {})
        for relation in get_all_child_relations(type(obj)):
            name = relation.get_accessor_name()
            if name not in assigned:
                setattr(obj, name, [])
        for m2m in get_all_child_m2m_relations(type(obj)):
            if m2m.name not in assigned:
                setattr(obj, m2m.name, [])

    def classify(self, pending: Pending, page):
        for attribute, _vocabulary, _model, (low, high) in VOCABULARIES:
            chosen = self.rng.sample(self.terms[attribute], self.rng.randint(low, high))
            setattr(page, attribute, chosen)  # in memory: entry_data and revisions read it
            pending.m2m.setdefault(attribute, []).append((page, chosen))

    def rows(self, pending: Pending, page, relation: str, rows: list):
        for position, row in enumerate(rows):
            row.sort_order = position
            if isinstance(row, ClusterableModel):
                self.empty_relations(row)
        setattr(page, relation, rows)
        pending.children.append((page, relation, rows))

    # -- institutions and funds

    def institutions(self, count: int) -> list[InstitutionPage]:
        """``count`` new municipality institutions, from registry municipalities without one."""
        index = InstitutionIndexPage.objects.live().first()
        if index is None:
            from portal.demo.structure import ensure_site_structure

            index = ensure_site_structure()["instituciones"]
        free = list(
            Municipality.objects.filter(institutions__isnull=True)
            .select_related("country", "region")
            .order_by("pk")
        )
        self.rng.shuffle(free)
        pending = Pending(InstitutionPage)
        for municipality in free[:count]:
            chile = municipality.country.code == "CL"
            title = f"{'Municipalidad' if chile else 'Municipio'} de {municipality.name}"
            page = self.new_page(
                InstitutionPage,
                index,
                title,
                kind=InstitutionPage.Kind.MUNICIPALITY,
                municipality=municipality,
                country=municipality.country,
                region=municipality.region,
                unit_name=self.rng.choice(
                    ["Dirección de Seguridad", "Dirección de Seguridad Humana", "Seguridad Pública"]
                ),
                summary=prose(self.rng, 2, 2)[:600],
                body=rich(self.rng, (2, 3)),
                website=f"https://www.{slugify(municipality.name)}.example/",
            )
            pending.pages.append(page)
        self.flush(pending)
        if self.institution_access:
            from portal.accounts.services import ensure_institution_access

            for page in pending.pages:
                ensure_institution_access(page)  # groups and collection, as the signal does
        return pending.pages

    def fund(self) -> FundPage:
        """A cooperation fund, created like an editor would (it has its own access signal)."""
        from portal.demo.structure import get_home, publish_child

        cooperation = next(
            page.specific
            for page in get_home().get_children()
            if page.specific_class.__name__ == "CooperationIndexPage"
        )
        title = f"Fondo de cooperación {self.rng.choice(PLACES)} {len(self.funds) + 1}"
        fund = FundPage(
            title=title,
            slug=self.slug(title),
            summary=prose(self.rng, 2, 2)[:600],
            description=rich(self.rng),
            year_created=self.rng.randint(2010, 2022),
        )
        fund.countries = list({owner.country for owner in self.owners[:50]})
        publish_child(cooperation, fund)
        self.funds.append(fund)
        self.fund_load[fund.pk] = 0
        self.new_funds += 1
        return fund

    # -- one page of each type

    def owner(self):
        return self.rng.choice(self.owners)

    def _owned(self, model, parent, owner, title, **fields):
        page = self.new_page(model, parent, title, **fields)
        page.institution = owner
        page.summary = prose(self.rng, 2, 2)[:600]
        return page

    def observatories_(self, pending: Pending):
        owner = self.owner()
        place = owner.municipality.name if owner.municipality_id else owner.title
        page = self._owned(
            ObservatoryPage,
            owner,
            owner,
            f"{self.rng.choice(OBSERVATORY_TITLES)} {place}",
            kind=self.rng.choice(ObservatoryPage.Kind.values),
            founded_year=(founded := self.rng.randint(2000, 2020)),
            restructured_year=self.rng.choice([None, founded + self.rng.randint(1, 4)]),
            history=rich(self.rng),
            governance=rich(self.rng, (1, 1)),
            team_size=self.rng.randint(2, 15),
            disciplines="sociología, geografía, estadística, trabajo social",
            lines_of_work=rich(self.rng),
            work_processes=rich(self.rng, (1, 1)),
            products=rich(self.rng, (1, 1)),
            lessons=rich(self.rng, (1, 1)),
            territory="Toda la comuna",
        )
        self.classify(pending, page)
        themes = self.terms["themes"]
        self.rows(
            pending,
            page,
            "divisions",
            [TerritorialDivision(level="sector", name="macrosectores", count=5)],
        )
        self.rows(
            pending,
            page,
            "holdings",
            [
                DataHolding(
                    name=name,
                    theme=self.rng.choice(themes),
                    source=self.rng.choice(["police", "surveys", "emergency_calls"]),
                    level=self.rng.choice(["municipality", "sector", "point"]),
                    periodicity="monthly",
                    first_period=str(self.rng.randint(2012, 2020)),
                    access="public",
                )
                for name, _unit in self.rng.sample(INDICATORS, 3)
            ],
        )
        series = []
        for name, unit in self.rng.sample(INDICATORS, 2):
            start, value = self.rng.randint(2015, 2019), self.rng.randint(50, 900)
            points = []
            for year in range(start, start + 5):
                value = max(1, value + self.rng.randint(-60, 60))
                points.append(("value", {"period": str(year), "value": Decimal(value)}))
            series.append(
                IndicatorSeries(
                    indicator=name,
                    territory=place,
                    level="municipality",
                    unit=unit,
                    theme=self.rng.choice(themes),
                    values=points,
                    indicator_key=fold(name),
                    unit_key=fold(unit),
                    period_kind="year",
                )
            )
        self.rows(pending, page, "series", series)
        self.observatories.append(page)
        return page

    def practices_(self, pending: Pending):
        owner = self.owner()
        start = self.rng.randint(2008, 2024)
        page = self._owned(
            PracticePage,
            owner,
            owner,
            f"{self.rng.choice(ACTIONS)} {self.rng.choice(PLACES)}",
            status=self.rng.choice(PracticePage.Status.values),
            start_year=start,
            end_year=self.rng.choice([None, start + self.rng.randint(1, 4)]),
            territory=self.rng.choice(["Toda la comuna", "Macrosector norte", "Tres barrios"]),
            budget_amount=Decimal(self.rng.randrange(1_000_000, 90_000_000, 1000)),
            budget_currency="CLP" if owner.country.code == "CL" else "MXN",
            funding_sources="Presupuesto municipal y fondo nacional de seguridad",
            problem=rich(self.rng),
            general_objective=prose(self.rng, 1, 1),
            objectives=rich(self.rng, (1, 1)),
            risk_factors=prose(self.rng, 1, 1),
            protective_factors=prose(self.rng, 1, 1),
            how_it_works=rich(self.rng),
            components=rich(self.rng, (1, 1)),
            theory_of_change=rich(self.rng, (1, 1)),
            implementation_steps=rich(self.rng, (1, 1)),
            team=rich(self.rng, (1, 1)),
            replication_staff="Dos profesionales del área social y un coordinador",
            results=rich(self.rng),
            obstacles=rich(self.rng, (1, 1)),
            success_factors=rich(self.rng, (1, 1)),
            lessons=rich(self.rng, (1, 1)),
            recommendations=rich(self.rng, (1, 1)),
            # One evaluation, no outcome recorded: the rules' level (``portal.institutions.evaluations``).
            impact_rating=ONE_EVALUATION_LEVEL,
            computed_rating=ONE_EVALUATION_LEVEL,
            contact_role="Coordinación del programa",
            contact_email=f"contacto{self.number}@municipio.example",
        )
        self.classify(pending, page)
        self.rows(
            pending,
            page,
            "outcomes",
            [
                PracticeOutcome(
                    indicator=name,
                    baseline=str(self.rng.randint(100, 400)),
                    result=str(self.rng.randint(50, 350)),
                    period=f"{start}-{start + 2}",
                )
                for name, _unit in self.rng.sample(INDICATORS, 2)
            ],
        )
        self.rows(
            pending,
            page,
            "evaluations",
            [
                Evaluation(
                    design=self.rng.choice(["monitoring", "qualitative", "quasi_experimental"]),
                    evaluator="Universidad regional",
                    evaluator_kind=Evaluation.EvaluatorKind.ACADEMIC,
                    year=start + 1,
                    findings=prose(self.rng, 1, 2),
                )
            ],
        )
        quality = documentation_quality(page)
        page.documentation_score, page.documentation_level = quality.score, quality.level
        return page

    def manuals_(self, pending: Pending):
        owner = self.owner()
        topic = self.rng.choice(self.terms["themes"]).name.lower()
        chapters = [
            ("chapter", {"heading": f"{number}. {heading}", "body": rich(self.rng, (2, 3))})
            for number, heading in enumerate(
                ["Contexto", "Diagnóstico", "Implementación", "Resultados", "Recomendaciones"],
                start=1,
            )
        ]
        page = self._owned(
            ManualPage,
            owner,
            owner,
            f"{self.rng.choice(MANUAL_TITLES)} {topic}",
            publication_year=self.rng.randint(2010, 2025),
            chapters=chapters,
        )
        self.classify(pending, page)
        return page

    def programs_(self, pending: Pending):
        owner = self.owner()
        start = self.rng.randint(2008, 2024)
        topic = self.rng.choice(self.terms["themes"]).name.lower()
        page = self._owned(
            ProgramPage,
            owner,
            owner,
            f"{self.rng.choice(PROGRAM_TITLES)} {topic}",
            status=self.rng.choice(ProgramPage.Status.values),
            start_year=start,
            prevention_model=self.rng.choice(self.models) if self.models else None,
            description=rich(self.rng, (2, 3)),
            components=rich(self.rng),
            territory="Toda la comuna",
            team_size=self.rng.randint(3, 40),
            annual_budget=Decimal(self.rng.randrange(5_000_000, 400_000_000, 1000)),
            budget_currency="CLP" if owner.country.code == "CL" else "MXN",
        )
        self.classify(pending, page)
        self.rows(pending, page, "funding_sources", [ProgramFunding(kind="municipal")])
        indicators = []
        for name, unit in self.rng.sample(INDICATORS, 2):
            baseline = self.rng.randint(100, 500)
            indicators.append(
                ProgramIndicator(
                    name=name,
                    kind=self.rng.choice(ProgramIndicator.Kind.values),
                    unit=unit,
                    direction="lower",
                    baseline=Decimal(baseline),
                    baseline_period=str(start),
                    measurements=[
                        (
                            "value",
                            {
                                "period": str(year),
                                "target": Decimal(baseline - 20 * (year - start)),
                                "actual": Decimal(baseline + self.rng.randint(-80, 30)),
                                "source": "Registro municipal",
                            },
                        )
                        for year in range(start + 1, start + 4)
                    ],
                )
            )
        self.rows(pending, page, "indicators", indicators)
        page.target_status = program_status([i.status for i in indicators])
        return page

    def reports_(self, pending: Pending):
        observatory = self.rng.choice(self.observatories)
        year = self.rng.randint(2012, 2025)
        topic = self.rng.choice(self.terms["themes"]).name.lower()
        page = self._owned(
            ObservatoryReportPage,
            observatory,
            observatory.institution,
            f"{self.rng.choice(REPORT_TITLES)} {topic} {year}",
            kind=self.rng.choice(ObservatoryReportPage.Kind.values),
            date=datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            body=rich(self.rng, (2, 4)),
        )
        self.classify(pending, page)
        return page

    def projects_(self, pending: Pending):
        lead, partner = self.owner(), self.owner()
        topic = self.rng.choice(self.terms["themes"]).name.lower()
        start = datetime.date(self.rng.randint(2012, 2024), self.rng.randint(1, 12), 1)
        parent = lead
        if self.rng.random() < 0.3:
            fund = next((f for f in self.funds if self.fund_load[f.pk] < PROJECTS_PER_FUND), None)
            parent = fund or self.fund()
            self.fund_load[parent.pk] += 1
        page = self._owned(
            ProjectPage,
            parent,
            lead if parent is lead else None,
            f"{self.rng.choice(PROJECT_TITLES)} {topic}: {lead.title} y {partner.title}",
            status=self.rng.choice(ProjectPage.Status.values),
            lead_institution=lead,
            general_objective=prose(self.rng, 1, 1),
            specific_objectives=rich(self.rng, (1, 1)),
            agreement_year=start.year,
            planned_start=start,
            planned_end=start + datetime.timedelta(days=730),
            outcomes=rich(self.rng),
            municipalities_reached=self.rng.randint(2, 80),
        )
        self.classify(pending, page)
        page.partner_institutions = [partner] if partner.pk != lead.pk else []
        pending.m2m.setdefault("partner_institutions", []).append(
            (page, page.partner_institutions.all())
        )
        self.rows(
            pending,
            page,
            "activities",
            [
                ProjectActivity(
                    kind=self.rng.choice(ProjectActivity.Kind.values),
                    title=f"Pasantía técnica {number}",
                    host_institution=self.rng.choice([lead, partner]),
                    start_date=start + datetime.timedelta(days=90 * number),
                    end_date=start + datetime.timedelta(days=90 * number + 4),
                    place="Sede municipal",
                    participants_in_person=self.rng.randint(5, 60),
                    learned=prose(self.rng, 1, 2),
                )
                for number in range(1, 3)
            ],
        )
        return page

    def events_(self, pending: Pending):
        owner = self.owner()
        year = self.rng.randint(2012, 2025)
        topic = self.rng.choice(self.terms["themes"]).name.lower()
        page = self._owned(
            ExchangeEventPage,
            owner,
            owner,
            f"{self.rng.choice(EVENT_TITLES)} {topic} {year}",
            organizers=owner.title,
            date=datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            place="Centro cultural",
            municipality=owner.municipality,
            participants="Equipos municipales de seguridad de la región",
            municipalities_reached=self.rng.randint(3, 60),
            objectives=rich(self.rng, (1, 1)),
            conclusions=rich(self.rng),
        )
        self.classify(pending, page)
        return page

    # -- writing a batch

    def flush(self, pending: Pending):
        pages = pending.pages
        if not pages:
            return
        model = pending.model
        using = connection.alias
        base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        size = max(1, connection.ops.bulk_batch_size(base_fields, pages) or len(pages))
        for start in range(0, len(pages), size):
            chunk = pages[start : start + size]
            rows = Page._base_manager._insert(
                chunk, fields=base_fields, returning_fields=[Page._meta.pk], using=using
            )
            for page, (pk,) in zip(chunk, rows, strict=True):
                page.id = page.page_ptr_id = pk
        own_fields = list(model._meta.local_concrete_fields)
        size = max(1, connection.ops.bulk_batch_size(own_fields, pages) or len(pages))
        for start in range(0, len(pages), size):
            model._base_manager._insert(pages[start : start + size], fields=own_fields, using=using)
        for page in pages:
            page._state.adding = False
            page._state.db = using
        for relation, items in pending.m2m.items():
            descriptor = model._meta.get_field(relation)
            through = descriptor.remote_field.through
            source, target = descriptor.m2m_field_name(), descriptor.m2m_reverse_field_name()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": page.pk, f"{target}_id": term.pk})
                    for page, terms in items
                    for term in terms
                ],
                batch_size=2000,
            )
        by_model = {}
        for page, _relation, rows in pending.children:
            for row in rows:
                row.page = page
                if isinstance(row, TranslatableMixin):
                    row.locale_id = page.locale_id  # bulk_create skips the pre_save that sets it
                by_model.setdefault(type(row), []).append(row)
        for row_model, rows in by_model.items():
            row_model.objects.bulk_create(rows, batch_size=1000)
        self.revisions(pages)
        self.search_entries(pages)

    def revisions(self, pages):
        for page in pages:
            self.empty_relations(page)
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=self.page_type,
                    object_id=str(page.pk),
                    created_at=page.first_published_at,
                    content=page.serializable_data(),
                    object_str=page.title,
                )
                for page in pages
            ],
            batch_size=1000,
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
        with connection.cursor() as cursor:
            table = Page._meta.db_table
            # The table name comes from the model; every value is a %s parameter.
            cursor.executemany(
                f"UPDATE {table} SET latest_revision_id = %s, live_revision_id = %s "  # noqa: S608
                "WHERE id = %s",
                [(r.pk, r.pk, page.pk) for page, r in zip(pages, revisions, strict=True)],
            )

    def search_entries(self, pages):
        """Each page's evidence-search entry, built as a publish builds it, then indexed."""
        from wagtail.search.backends import get_search_backends_with_name

        entries, term_rows = [], []
        for page in pages:
            fields, rows, terms = entry_data(page, term_names=self.term_names)
            keys = " ".join(sorted({f"{v}:{s}" for v, s in rows}))
            entries.append(
                SearchEntry(page_id=page.pk, **fields, terms=terms, facet_terms=keys, indexed=True)
            )
            term_rows.append(set(rows))
        created = SearchEntry.objects.bulk_create(entries, batch_size=1000)
        SearchEntryTerm.objects.bulk_create(
            [
                SearchEntryTerm(entry=entry, vocabulary=v, slug=s)
                for entry, rows in zip(created, term_rows, strict=True)
                for v, s in rows
            ],
            batch_size=5000,
        )
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            backend.add_bulk(SearchEntry, created)
        vectors.refresh(SearchEntry.objects.filter(pk__in=[e.pk for e in created]))

    # -- the whole run

    def run(self, count: int) -> GenerationReport:
        started = time.perf_counter()
        existing = list(
            InstitutionPage.objects.filter(slug__regex=GENERATED_SLUG_SQL).select_related(
                "country", "region", "municipality"
            )
        )
        wanted = -(-(count + self.generated_items()) // ITEMS_PER_INSTITUTION)
        new = self.institutions(max(0, wanted - len(existing))) if count else []
        self.owners = existing + new
        self.say(f"  {len(new):,} new institutions ({len(self.owners):,} in all)")
        weights = sum(weight for _key, _model, weight in MIX)
        shares = {key: count * weight // weights for key, _model, weight in MIX}
        shares["practices"] += count - sum(shares.values())
        if shares["reports"] and not shares["observatories"] and not self.observatories:
            # Reports need an observatory to be published under.
            shares["reports"] -= 1
            shares["observatories"] += 1
        for key, model, _weight in MIX:
            made = 0
            while made < shares[key]:
                pending = Pending(model)
                make = getattr(self, f"{key}_")
                for _ in range(min(BATCH, shares[key] - made)):
                    pending.pages.append(make(pending))
                    made += 1
                self.flush(pending)
                self.say(f"  {key}: {made:,} / {shares[key]:,}")
        self.tree.save_counts()
        return GenerationReport(
            items={key: shares[key] for key, _model, _weight in MIX if shares[key]},
            institutions=len(new),
            funds=self.new_funds,
            seconds=time.perf_counter() - started,
        )

    def generated_items(self) -> int:
        return (
            Page.objects.type(*[model for _key, model, _weight in MIX])
            .filter(slug__regex=GENERATED_SLUG_SQL)
            .count()
        )


def generate(
    count: int, *, seed: int = 7, stdout=None, institution_access: bool = False
) -> GenerationReport:
    """Add ``count`` generated items (and the institutions they need), in one transaction.

    ``institution_access`` also gives each new institution its editor and manager groups and
    its collection, as publishing one does (about 0.1 s each; only the admin needs them).
    """
    with transaction.atomic():
        generator = Generator(seed=seed, stdout=stdout, institution_access=institution_access)
        return generator.run(count)
