from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SearchEntry
from .sync import (
    refresh_pages_using_document,
    refresh_subtree,
    remove_entry,
    unindex_entry,
    upsert_entry,
)


@receiver(page_published)
def entry_on_publish(sender, instance, **kwargs):
    if instance.specific_class.__name__ == "InstitutionPage":
        # Its title, country and region show on every entry below it.
        refresh_subtree(instance)
    else:
        upsert_entry(instance)


@receiver(page_unpublished)
def entry_on_unpublish(sender, instance, **kwargs):
    remove_entry(instance)
    if instance.specific_class.__name__ == "InstitutionPage":
        # Live pages below it stay public; their entries stop naming it.
        refresh_subtree(instance)


@receiver(post_page_move)
def entries_on_move(sender, instance, **kwargs):
    refresh_subtree(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def entries_on_restriction(sender, instance, **kwargs):
    page = instance.page
    if page is not None:
        refresh_subtree(page)


@receiver(post_delete, sender=SearchEntry)
def unindex_deleted_entry(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: unindex_entry(pk))


@receiver(post_save, sender=get_document_model())
def entries_on_document_text(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "extracted_text" in update_fields:
        refresh_pages_using_document(instance)
