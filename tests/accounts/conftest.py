import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.accounts.models import MODERATORS_GROUP
from portal.institutions.models import InstitutionPage

PASSWORD = "correct-horse-battery-9"


def make_user(email: str, *, verified: bool = True, groups=()):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def penalolen():
    return InstitutionPage.objects.get(slug="penalolen")


@pytest.fixture
def manager(penalolen):
    return make_user("gestora@penalolen.example", groups=[penalolen.access.managers])


@pytest.fixture
def moderator():
    return make_user("moderacion@red.example", groups=[Group.objects.get(name=MODERATORS_GROUP)])
