from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.institutions.models import InstitutionPage

from .services import ensure_institution_access


@receiver(post_save, sender=InstitutionPage)
def give_new_institution_its_groups(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        ensure_institution_access(instance)
