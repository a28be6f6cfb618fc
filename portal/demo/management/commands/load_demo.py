from django.core.management.base import BaseCommand, CommandError

from portal.demo.services import DemoError, load_demo
from portal.demo.translations import translate_demo


class Command(BaseCommand):
    help = "Load the demo content written from the source documents (idempotent)."

    def handle(self, *args, **options):
        try:
            report = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from None
        # After the Spanish content is committed, outside its transaction: wagtail-localize
        # publishes each translation when its own transaction commits, from the page as it
        # was then (publishing them all at one late commit would write stale tree counts).
        english = translate_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. {report}; {english}."))
