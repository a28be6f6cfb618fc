"""The public pages of the index (one routable page)."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core import visibility
from portal.core.addresses import PublicAddressMixin
from portal.core.visibility import RoutedRestrictionsMixin

from .edition import Edition
from .values import Value


class FundingIndexPage(PublicAddressMixin, RoutedRestrictionsMixin, RoutablePageMixin, Page):
    """The public pages of the index: ranking, formula, allocations, downloads, history."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("funding index page")

    def edition_url(self, edition, suffix: str = "") -> str:
        return (
            self.reverse_subpage(
                "edition", kwargs={"year": edition.year, "version": edition.version}
            )
            + suffix
        )

    def _edition_context(self, request, edition) -> dict:
        from .. import public, regions
        from ..chart import distribution_chart

        scores = list(edition.scores.values_list("score", flat=True).order_by("rank"))
        groups = public.group_summaries(edition)
        history = Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by(
            "-year", "-version"
        )
        latest = history.filter(year=edition.year).first()
        carried = dict(
            Value.objects.filter(edition=edition, carried_from__isnull=False)
            .values_list("variable_id", "carried_from__year")
            .distinct()
        )
        variables = list(edition.variables.all())
        for variable in variables:
            variable.carried_year = carried.get(variable.pk)
        return {
            "edition": edition,
            "latest_of_year": latest,
            "is_latest": latest is not None and latest.pk == edition.pk,
            "variables": variables,
            "groups": groups,
            "allocations": public.allocations_by_year(edition),
            "chart": distribution_chart([float(s) for s in scores], public.chart_spans(groups)),
            "regions_map": regions.by_region(edition, groups),
            "history": history,
            "edition_path": self.edition_url(edition),
            "total": len(scores),
            **public.ranking(edition, request.GET),
        }

    @path("")
    def current(self, request):
        from .. import public

        try:
            edition = public.edition_for()
        except Http404:  # no published edition yet
            return self.render(request, context_overrides={"edition": None})
        return self.render(
            request,
            context_overrides=self._edition_context(request, edition),
            template="funding/edition.html",
        )

    @path("<int:year>/", name="year")
    def year(self, request, year):
        from django.shortcuts import redirect

        from .. import public

        edition = public.edition_for(year)
        return redirect(self.url + self.edition_url(edition))

    @path("<int:year>/v<int:version>/", name="edition")
    def edition(self, request, year, version):
        from .. import public

        edition = public.edition_for(year, version)
        return self.render(
            request,
            context_overrides=self._edition_context(request, edition),
            template="funding/edition.html",
        )

    @path("<int:year>/v<int:version>/csv/<slug:name>/", name="download")
    def download(self, request, year, version, name):
        from .. import public

        edition = public.edition_for(year, version)
        if name == "ranking":
            return public.ranking_csv(edition)
        if name == "inputs":
            return public.inputs_csv(edition)
        raise Http404

    @path("<int:year>/v<int:version>/<slug:code>/", name="municipality")
    def municipality(self, request, year, version, code):
        from .. import public

        edition = public.edition_for(year, version)
        score = (
            edition.scores.select_related("municipality__region")
            .filter(municipality__code=code)
            .first()
        )
        if score is None:
            raise Http404
        score.group_label = public.group_label(score.group)
        allocations = {a.year: a for a in edition.allocations.filter(group=score.group)}
        from portal.institutions.models import InstitutionPage

        institution = (
            visibility.shown_queryset(InstitutionPage.objects.all())
            .filter(municipality=score.municipality)
            .first()
        )
        return self.render(
            request,
            context_overrides={
                "edition": edition,
                "score": score,
                "rows": public.breakdown(edition, score),
                "allocations": [allocations.get(y) for y in edition.years],
                "edition_path": self.edition_url(edition),
                "institution": institution,
                "total": edition.scores.count(),
            },
            template="funding/municipality.html",
        )
