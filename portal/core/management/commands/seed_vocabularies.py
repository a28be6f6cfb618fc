from django.core.management.base import BaseCommand

from portal.core.services import seed_vocabularies


class Command(BaseCommand):
    help = "Create the shared vocabularies (themes, populations, approaches, levels) in es and en."

    def handle(self, *args, **options):
        created = seed_vocabularies()
        summary = ", ".join(f"{key}: {count} created" for key, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Vocabularies ready ({summary})."))
