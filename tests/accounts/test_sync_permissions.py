"""``manage.py sync_permissions`` repairs the groups every app declares (each app owns its sync)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.accounts.models import MODERATORS_GROUP, InstitutionAccess
from portal.exchanges.models import FundAccess, FundPage
from portal.institutions.models import InstitutionPage
from tests.factories.pages import FundPageFactory, InstitutionPageFactory

pytestmark = pytest.mark.django_db


def test_sync_permissions_repairs_institutions_funds_and_moderators():
    institution = InstitutionPageFactory(summary="Una institución de prueba.")
    fund = FundPageFactory(summary="Un fondo.")
    InstitutionAccess.objects.filter(institution=institution).delete()
    FundAccess.objects.filter(fund=fund).delete()
    moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    moderators.permissions.clear()

    out = StringIO()
    call_command("sync_permissions", stdout=out)

    assert InstitutionAccess.objects.filter(institution=institution).exists()
    assert FundAccess.objects.filter(fund=fund).exists()
    # What the content apps declared in their AppConfig.ready().
    granted = set(moderators.permissions.values_list("content_type__app_label", "codename"))
    assert {
        ("core", "change_theme"),
        ("practices", "rate_impact"),
        ("programs", "change_preventionmodel"),
        ("funding", "publish_edition"),
    } <= granted
    message = out.getvalue()
    assert f"{InstitutionPage.objects.count()} institutions" in message
    assert f"{FundPage.objects.count()} funds" in message
