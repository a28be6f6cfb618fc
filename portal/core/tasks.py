from django_tasks import task

from .services import extract_document_text


@task()
def extract_document_text_task(document_id: int) -> str:
    """Read a document's text outside the request that uploaded it."""
    from wagtail.documents import get_document_model

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    return extract_document_text(document=document, only_pending=True)
