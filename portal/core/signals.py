from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PortalDocument


@receiver(post_save, sender=PortalDocument)
def read_text_of_new_file(sender, instance, raw=False, **kwargs):
    if raw or instance.extraction_status != PortalDocument.Extraction.PENDING or not instance.file:
        return
    from .tasks import extract_document_text_task

    # After the upload is committed, and outside the view's work where a queue is configured.
    transaction.on_commit(lambda: extract_document_text_task.enqueue(instance.pk))
