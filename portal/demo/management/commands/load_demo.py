from django.core.management.base import BaseCommand, CommandError

from portal.demo.services import DemoError, load_demo


class Command(BaseCommand):
    help = "Load the demo content written from the source documents (idempotent)."

    def handle(self, *args, **options):
        try:
            report = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. {report}."))
