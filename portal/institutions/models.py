from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.core import content, visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.listing import Facet
from portal.core.mixins import unordered
from portal.core.visibility import RoutedRestrictionsMixin

from . import maps

# --- Registry: official territorial units, imported from cited sources, never typed by hand.


class Country(models.Model):
    """A country of the network (ISO 3166-1 alpha-2 code)."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A first-level division: a Chilean región or a Mexican entidad federativa."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(
        _("official code"),
        max_length=10,
        help_text=_("CUT region code (Chile) or INEGI state code (Mexico)."),
    )
    name = models.CharField(_("name"), max_length=120)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["country__code", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="unique_region_code")
        ]

    def __str__(self) -> str:
        return self.name


class IndexGroup(models.TextChoices):
    """The funding index's groups of municipalities (portal.funding assigns them); listings,
    search and the index pages name a municipality's group with these labels."""

    URGENT_1 = "U1", _("Urgent 1")
    URGENT_2 = "U2", _("Urgent 2")
    URGENT_3 = "U3", _("Urgent 3")
    ROTATING_A = "A", _("Rotating A")
    ROTATING_B = "B", _("Rotating B")


def index_group_label(group: str) -> str:
    """The label of an index group; an unknown code is shown as it is."""
    return str(IndexGroup(group).label) if group in IndexGroup.values else group


def index_group_labels(values) -> dict:
    """Labels of index groups, for facets (listings and search)."""
    return {value: index_group_label(value) for value in values}


class MunicipalityManager(models.Manager):
    """Municipalities come with their region and country, which every label and address names,
    and without their boundary, which only the registry import writes (an editor's select of
    thousands of municipalities would otherwise read each region and 1 MB of GeoJSON)."""

    def get_queryset(self):
        return super().get_queryset().select_related("region", "country").defer("boundary")


class Municipality(models.Model):
    """A municipality: a Chilean comuna (CUT code) or a Mexican municipio (INEGI code)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="municipalities")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField(
        _("official code"),
        max_length=10,
        help_text=_("CUT (Chile, 5 digits) or INEGI municipality key (Mexico, 5 digits)."),
    )
    name = models.CharField(_("name"), max_length=120)
    province = models.CharField(_("province"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    population_source = models.CharField(
        _("population source"),
        max_length=200,
        blank=True,
        help_text=_("Where the figures come from."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    boundary = models.JSONField(
        _("simplified boundary"),
        null=True,
        blank=True,
        help_text=_("GeoJSON geometry, simplified for maps."),
    )
    # The funding index's current edition, copied here when an edition is published
    # (portal.funding.services.refresh_current), so listings can filter by group.
    index_group = models.CharField(_("funding index group"), max_length=2, blank=True)
    index_score = models.DecimalField(
        _("funding index score"), max_digits=9, decimal_places=4, null=True, blank=True
    )

    objects = MunicipalityManager()

    class Meta:
        ordering = ["country__code", "code"]
        # Also for a page's ``municipality``: the related object comes with its region too.
        base_manager_name = "objects"
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="unique_municipality_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.region.name})"


# --- Pages: the ownership tree. Every institution that publishes owns a subtree.


class InstitutionIndexPage(PublicAddressMixin, RoutedRestrictionsMixin, Page):
    """The index of institutions, grouped by country and region."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["institutions.InstitutionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("institution index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        institutions = (
            visibility.visible_queryset(InstitutionPage.objects.child_of(self))
            .select_related("country", "region", "municipality")
            .order_by("country__name", "region__code", "title")
        )
        # The map and region table per country come from portal.network's `country_maps` tag.
        context["institutions"] = institutions
        return context


class InstitutionPage(PublicAddressMixin, RoutedRestrictionsMixin, Page):
    """An institution that publishes on the portal; the root of its own page subtree."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        CIVIL_SOCIETY = "civil_society", _("Civil society organization")
        ACADEMIA = "academia", _("Academic institution")
        INTERNATIONAL = "international", _("International organization")

    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality (registry)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
        help_text=_("Required for municipalities: the registry record with its official code."),
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="institutions"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    unit_name = models.CharField(
        _("responsible unit"),
        max_length=200,
        blank=True,
        help_text=_("The department that publishes, e.g. the municipal security directorate."),
    )
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("municipality"),
                FieldPanel("country"),
                FieldPanel("region"),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("unit_name"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("website"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("unit_name"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("country"),
        index.FilterField("region"),
        index.RelatedFields("municipality", [index.SearchField("name")]),
    ]
    parent_page_types = ["institutions.InstitutionIndexPage"]

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def clean(self):
        super().clean()
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("A municipality must point at its registry record.")}
            )
        if self.municipality_id:
            # The registry decides where a municipality is.
            self.country_id = self.municipality.country_id
            self.region_id = self.municipality.region_id
        if self.region_id and self.country_id and self.region.country_id != self.country_id:
            raise ValidationError(
                {"region": _("The region does not belong to the chosen country.")}
            )

    def place(self) -> tuple[float, float] | None:
        """(longitude, latitude) of the municipality, else of the region, from the registry."""
        for area in (self.municipality, self.region):
            if area is not None and area.latitude is not None and area.longitude is not None:
                return area.longitude, area.latitude
        return None

    def location_map(self) -> str:
        """A locator map: the country, the region shaded, the institution's point."""
        place = self.place()
        if place is None or not maps.has_map(self.country.code):
            return ""
        levels = {self.region.code: (3, self.region.name)} if self.region_id else {}
        return maps.draw(
            self.country.code,
            ident="location-map",
            label=_("Location of %(name)s") % {"name": self.title},
            levels=levels,
            focus=place,
            extra_class="map--locator",
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_places()
        context["owned_groups"] = self.owned_groups(request)
        return context

    def load_places(self) -> None:
        """Read the municipality, region and country the page shows (facts, locator map,
        metadata) in one query."""
        if self.municipality_id:
            area = Municipality.objects.select_related("region", "country").get(
                pk=self.municipality_id
            )
            self.municipality = area
            if area.region_id == self.region_id:
                self.region = area.region
        elif self.region_id:
            area = Region.objects.select_related("country").get(pk=self.region_id)
            self.region = area
        else:
            return
        if area.country_id == self.country_id:
            self.country = area.country

    def owned_groups(self, request=None) -> list[dict]:
        """What the institution published, by type, newest type first: a card for each of the
        ``OWNED_SHOWN`` most recent pages of each type, how many there are, and where to see
        all of them.

        A municipality with a hundred publications would otherwise render a hundred cards.
        The cards are read in three queries whatever the number of types: the pages' ids and
        types, their common columns, and the summaries from each type's table at once.
        """
        owned = visibility.visible_queryset(Page.objects).descendant_of(self)
        rows = owned.order_by("-first_published_at", "-pk").values_list("pk", "content_type_id")
        by_type: dict[int, list[int]] = {}
        for pk, type_id in rows:
            by_type.setdefault(type_id, []).append(pk)
        model_of = {
            type_id: ContentType.objects.get_for_id(type_id).model_class() for type_id in by_type
        }
        shown = {
            type_id: pks[:OWNED_SHOWN] for type_id, pks in by_type.items() if model_of[type_id]
        }
        pages = unordered(Page.objects.all()).in_bulk([pk for pks in shown.values() for pk in pks])
        details = _card_details({model_of[type_id]: pks for type_id, pks in shown.items()})
        groups = []
        for type_id, pks in shown.items():
            model = model_of[type_id]
            cards = [
                self._card(request, model, pages[pk], *details.get(pk, ("", "")))
                for pk in pks
                if pk in pages
            ]
            if cards:
                groups.append(
                    {
                        "model": model,
                        "label": model._meta.verbose_name_plural,
                        "pages": cards,
                        "count": len(by_type[type_id]),
                        "all_url": None,
                    }
                )
        for group in groups:
            if group["count"] > len(group["pages"]):
                group["all_url"] = self._listing_url(request, group["model"])
        return groups

    @staticmethod
    def _card(request, model, page, summary, status) -> dict:
        from portal.core.templatetags.portal_tags import localized_pageurl

        url = localized_pageurl({"request": request}, page) if request else page.url
        card = {
            "kind": f"{model._meta.app_label}-{model._meta.model_name}",
            "type": model._meta.verbose_name,
            "title": page.title,
            "url": url,
            "summary": summary or page.search_description,
            "status": status or "",
        }
        if status:
            choices = dict(model._meta.get_field(content.of_model(model).card_status).flatchoices)
            card["status_label"] = choices.get(status, status)
        return card

    def _listing_url(self, request, model) -> str | None:
        """The network listing of ``model`` filtered by this institution, where there is one
        (its section page comes from the menu's read, ``portal.core.sections``)."""
        from django.apps import apps

        from portal.core.sections import section
        from portal.core.templatetags.portal_tags import localized_pageurl

        entry = content.of_model(model)
        if entry is None or entry.owner_listing is None or not entry.section:
            return None
        route = entry.owner_listing
        listing = section(request, apps.get_model(entry.section))
        if listing is None:
            return None
        url = localized_pageurl({"request": request}, listing) if request else listing.url
        url += listing.reverse_subpage(route).lstrip("/") if route else ""
        return f"{url}?institution={self.slug}"


OWNED_SHOWN = 4  # pages of each type an institution page shows


def _card_details(ids_by_model: dict) -> dict[int, tuple[str, str]]:
    """``{pk: (summary, status)}`` of the given pages (the status is the field the registry's
    ``card_status`` names), read from each type's own table in one statement."""
    parts, params = [], []
    quote = connection.ops.quote_name
    for model, ids in ids_by_model.items():
        fields = {field.name: field for field in model._meta.get_fields()}
        if not ids or "summary" not in fields:
            continue
        entry = content.of_model(model)
        status = fields.get(entry.card_status) if entry and entry.card_status else None
        # Identifiers come from the models' metadata (quoted); values are parameters.
        parts.append(
            f"SELECT {quote(model._meta.pk.column)}, {quote(fields['summary'].column)}, "  # noqa: S608
            f"{quote(status.column) if status else 'NULL'} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})"
        )
        params += ids
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {pk: (summary or "", status or "") for pk, summary, status in cursor.fetchall()}


def _institution_facets():
    def kinds(values):
        return {
            v: InstitutionPage.Kind(v).label for v in values if v in InstitutionPage.Kind.values
        }

    return [
        Facet("country", _("Country"), "country__code"),
        Facet("region", _("Region"), "region_id", integer=True),
        Facet("kind", _("Kind"), "kind", kinds),
        Facet("group", _("Funding index group"), "municipality__index_group"),
    ]


content.register(
    "institutions",
    label=_("Institutions"),
    facets=_institution_facets,
    sorts={"title": ("title", "pk"), "recent": ("-first_published_at", "-pk")},
    api_fields=("kind", "municipality", "unit_name", "summary", "body", "website"),
    schema_type="Organization",
    country_path="country__code",
)(InstitutionPage)


# What a page shows of its owner: read with the owner (``load_owner``) or with the page.
OWNER_PLACES = ("country", "region", "municipality")
OWNER_RELATED = tuple(f"institution__{place}" for place in OWNER_PLACES)


class OwnedPageMixin(models.Model):
    """A page that belongs to the institution whose subtree holds it.

    ``institution`` is derived from the tree on every save (editors never set it), and kept
    as a column so listings can filter by institution, country and region cheaply.
    """

    institution = models.ForeignKey(
        InstitutionPage,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: Read with the page when it is served (``HomePage.route``): the owner and its places,
    #: which the page's facts, citation and metadata name.
    serve_related = OWNER_RELATED

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.institution = owning_institution(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_owner()
        return context

    def load_owner(self):
        """Read the owning institution with its country, region and municipality at once.

        A page shows them in its facts, citation and metadata.
        """
        field = self._meta.get_field("institution")
        if self.institution_id and not field.is_cached(self):
            owners = InstitutionPage.objects.select_related(*OWNER_PLACES).filter(
                pk=self.institution_id
            )
            self.institution = next(iter(unordered(owners)), None)
        owner = self.institution if self.institution_id else None
        # The registry puts a municipality's institution in its region and country
        # (``InstitutionPage.clean``): the owner's rows serve its municipality too.
        cached = owner is not None and owner._meta.get_field("municipality").is_cached(owner)
        municipality = owner.municipality if cached else None
        if municipality is not None:
            if municipality.region_id == owner.region_id:
                municipality.region = owner.region
            if municipality.country_id == owner.country_id:
                municipality.country = owner.country


def owning_institution(page: Page) -> InstitutionPage | None:
    """The nearest institution page above ``page`` (or the page itself), if any."""
    if not page.path:
        return None
    return InstitutionPage.objects.filter(path__in=ancestor_paths(page)).order_by("-depth").first()


def ancestor_paths(page: Page) -> list[str]:
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]
