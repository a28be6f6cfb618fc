"""Factories of institutions, their index page and registry municipalities.

An institution gets its editor and manager groups and its collection on save (accounts'
signal), as in the admin.
"""

import factory
import wagtail_factories

from portal.institutions.models import (
    Country,
    InstitutionIndexPage,
    InstitutionPage,
    Municipality,
)

from .core import home, section


def chile() -> Country:
    return Country.objects.get(code="CL")


def registry_institution(code: str, *, country: str = "CL", **fields) -> InstitutionPage:
    """The published institution of a municipality of the real registry (loaded in the test
    database), e.g. ``registry_institution("13122", slug="penalolen")``."""
    municipality = Municipality.objects.get(country__code=country, code=code)
    page = InstitutionPageFactory(
        municipal=True,
        municipality=municipality,
        country=municipality.country,
        title=fields.pop("title", f"Municipalidad de {municipality.name}"),
        **fields,
    )
    page.save_revision().publish()
    return InstitutionPage.objects.get(pk=page.pk)


def penalolen() -> InstitutionPage:
    """Peñalolén's published institution (slug ``penalolen``), built the first time."""
    return InstitutionPage.objects.filter(slug="penalolen").first() or registry_institution(
        "13122", slug="penalolen", title="Municipalidad de Peñalolén"
    )


def nezahualcoyotl() -> InstitutionPage:
    """Nezahualcóyotl's published institution (Mexico, slug ``nezahualcoyotl``), built the
    first time."""
    return InstitutionPage.objects.filter(slug="nezahualcoyotl").first() or registry_institution(
        "15058", country="MX", slug="nezahualcoyotl", title="Municipio de Nezahualcóyotl"
    )


class InstitutionIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Instituciones de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = InstitutionIndexPage


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality outside the real registry (codes beginning with 9 are not used in Chile)."""

    country = factory.LazyFunction(chile)
    region = factory.LazyAttribute(lambda obj: obj.country.regions.order_by("code").first())
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Comuna de prueba {n}")
    population = 50_000

    class Meta:
        model = Municipality


class InstitutionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Institución de prueba {n}")
    kind = InstitutionPage.Kind.CIVIL_SOCIETY
    country = factory.LazyFunction(chile)
    parent = factory.LazyFunction(lambda: section(InstitutionIndexPage))

    class Meta:
        model = InstitutionPage

    class Params:
        # InstitutionPageFactory(municipal=True): a municipality's institution, with its record.
        municipal = factory.Trait(
            kind=InstitutionPage.Kind.MUNICIPALITY,
            municipality=factory.SubFactory(MunicipalityFactory),
            region=factory.SelfAttribute("municipality.region"),
        )
