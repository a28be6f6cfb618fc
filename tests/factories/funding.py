"""Factories of the funding index: its public page and its editions (draft, with a formula)."""

import factory
import wagtail_factories

from portal.funding import services
from portal.funding.models import Edition, FundingIndexPage, GroupRule, Variable

from .core import home


class FundingIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Índice de prueba {n}")
    parent = factory.LazyFunction(home)

    class Meta:
        model = FundingIndexPage


class EditionFactory(factory.django.DjangoModelFactory):
    """A draft edition with two variables (one census-based) and a share per group."""

    name = factory.Sequence(lambda n: f"Índice de prueba {n}")
    year = factory.Sequence(lambda n: 2100 + n)
    budget_year1 = 1_000_000
    budget_year2 = 1_000_000
    urgent_sizes = "2, 2, 2"

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    @factory.post_generation
    def formula(edition, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Variable.objects.create(edition=edition, sort_order=0, key="delitos", name="Delitos")
        Variable.objects.create(
            edition=edition, sort_order=1, key="poblacion", name="Población", census_based=True
        )
        for group, share in (("U1", 3), ("U2", 2), ("U3", 1), ("R", 1)):
            GroupRule.objects.create(edition=edition, group=group, share=share)


def published_edition(**fields) -> Edition:
    """A published edition (``EditionFactory``'s formula) ranking every Chilean comuna of the
    registry, with made-up values that differ from comuna to comuna."""
    edition = EditionFactory(**fields)
    codes = services.municipalities().order_by("code").values_list("code", flat=True)
    lines = ["code,variable,value,source"] + [
        f"{code},{key},{(number * 37 + offset) % 101 + 1},Valor de prueba"
        for number, code in enumerate(codes)
        for offset, key in enumerate(("delitos", "poblacion"))
    ]
    services.import_values(edition, "\n".join(lines).encode())
    return services.publish_edition(edition)
