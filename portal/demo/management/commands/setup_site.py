from django.core.management.base import BaseCommand

from portal.demo.structure import ensure_site_structure


class Command(BaseCommand):
    help = "Create the locales, vocabularies and the home page's sections (idempotent)."

    def handle(self, *args, **options):
        sections = ensure_site_structure()
        self.stdout.write(self.style.SUCCESS(f"Site ready: {', '.join(sections)}."))
