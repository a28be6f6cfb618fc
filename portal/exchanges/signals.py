from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import FundPage


@receiver(post_save, sender=FundPage)
def give_new_fund_its_coordinators(sender, instance, raw=False, **kwargs):
    from .access import ensure_fund_access

    if not raw and instance.pk:
        ensure_fund_access(instance)
