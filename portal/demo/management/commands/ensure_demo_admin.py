import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import MODERATORS_GROUP
from portal.core import addresses
from portal.exchanges.models import FundPage
from portal.institutions.models import InstitutionPage

ADMIN = ("admin", "admin@example.org")
# Accounts that let a visitor try each role of the editorial workflow (same password).
ROLE_ACCOUNTS = [
    ("moderacion", "moderacion@example.org", "moderator", None),
    ("gestion.penalolen", "gestion.penalolen@example.org", "managers", "penalolen"),
    ("editor.penalolen", "editor.penalolen@example.org", "editors", "penalolen"),
    ("editor.neza", "editor.neza@example.org", "editors", "nezahualcoyotl"),
    ("coordinacion.fondo", "coordinacion.fondo@example.org", "coordinators", "fondo-chile-mexico"),
]


class Command(BaseCommand):
    help = (
        "Create (once) the demo administrator and one account per role, and print their "
        "credentials. Development only (DEBUG=1)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo accounts are only created with DEBUG=1.")
        password_file = settings.VAR_DIR / "demo-admin-password.txt"
        password = password_file.read_text().strip() if password_file.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        admin = self._account(*ADMIN, password, superuser=True)
        lines = [f"Demo administrator: email '{admin.email}', password '{password}'"]
        for username, email, role, slug in ROLE_ACCOUNTS:
            user = self._account(username, email, password)
            if role == "moderator":
                group = Group.objects.get(name=MODERATORS_GROUP)
            elif role == "coordinators":
                fund = FundPage.objects.filter(slug=slug, locale__language_code="es").first()
                if fund is None:
                    continue
                group = fund.access.coordinators
            else:
                institution = InstitutionPage.objects.filter(
                    slug=slug, locale__language_code="es"
                ).first()
                if institution is None:
                    continue
                group = getattr(institution.access, role)
            user.groups.add(group)
            lines.append(f"  {role + (f' of {slug}' if slug else '')}: {email}")
        lines.append(
            f"Same password for every demo account; sign in at "
            f"{addresses.absolute('/admin/')} (stored in {password_file})."
        )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _account(self, username, email, password, superuser=False):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            create = (
                user_model.objects.create_superuser if superuser else user_model.objects.create_user
            )
            user = create(username, email, password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save()
        # allauth only lets verified addresses in, the admin included.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
