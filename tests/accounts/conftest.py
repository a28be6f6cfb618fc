import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.accounts.models import MODERATORS_GROUP
from portal.institutions.models import Municipality
from tests.factories.institutions import InstitutionPageFactory
from tests.factories.pages import publish

PASSWORD = "correct-horse-battery-9"


def make_user(email: str, *, verified: bool = True, groups=()):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    for group in groups:
        user.groups.add(group)
    return user


def municipal_institution(title: str, slug: str, code: str):
    """A published institution of a municipality of the real registry."""
    return publish(
        InstitutionPageFactory(
            title=title,
            slug=slug,
            municipal=True,
            municipality=Municipality.objects.get(code=code),
        )
    )


@pytest.fixture
def penalolen(db):
    return municipal_institution("Municipalidad de Peñalolén", "penalolen", "13122")


@pytest.fixture
def neza(db):
    """An institution of another country (Nezahualcóyotl, Mexico)."""
    mexico = Municipality.objects.get(country__code="MX", code="15058")
    return publish(
        InstitutionPageFactory(
            title="Nezahualcóyotl",
            slug="nezahualcoyotl",
            municipal=True,
            municipality=mexico,
            country=mexico.country,
        )
    )


@pytest.fixture
def manager(penalolen):
    return make_user("gestora@penalolen.example", groups=[penalolen.access.managers])


@pytest.fixture
def moderator():
    return make_user("moderacion@red.example", groups=[Group.objects.get(name=MODERATORS_GROUP)])
