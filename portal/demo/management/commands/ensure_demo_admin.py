import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
EMAIL = "admin@example.org"


class Command(BaseCommand):
    help = "Create (once) the demo administrator and print its credentials. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo administrator is only created with DEBUG=1.")
        password_file = settings.VAR_DIR / "demo-admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        password = password_file.read_text().strip() if password_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(USERNAME, EMAIL, password)
            else:
                user.set_password(password)
                user.save()
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        # allauth only lets verified addresses in (the admin included).
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo administrator: email '{EMAIL}', password '{password}' "
                f"(sign in at {settings.WAGTAILADMIN_BASE_URL}/admin/; stored in {password_file})."
            )
        )
