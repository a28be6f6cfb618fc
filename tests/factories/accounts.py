"""Factories of accounts: a user with a verified address, an institution's editor or manager."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.accounts.models import MODERATORS_GROUP

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in with ``PASSWORD``; ``groups=[...]`` adds them to groups."""

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@prueba.example")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=extracted is not False, primary=True
            )

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(*extracted)


def editor_of(institution, **fields):
    return UserFactory(groups=[institution.access.editors], **fields)


def manager_of(institution, **fields):
    return UserFactory(groups=[institution.access.managers], **fields)


def moderator(**fields):
    return UserFactory(groups=[Group.objects.get(name=MODERATORS_GROUP)], **fields)
