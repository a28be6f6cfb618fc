"""A Spanish-speaking editor's day in the admin, in Spanish: every message, form error and email
met in create → submit → reject → resubmit → approve is read, and none is an English sentence.
An editor who chose English gets the same journey in English."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from portal.practices.models import PracticePage
from tests.factories.admin_forms import practice_form

from .conftest import make_user
from .test_journey import sign_in

pytestmark = pytest.mark.django_db

# Words that occur in English sentences and never in Spanish ones (URLs and e-mail addresses
# are removed before looking).
ENGLISH = re.compile(
    r"\b(the|was|were|has|have|been|could|your|you|this|with|submitted|approved|rejected|"
    r"published|updated|created|please|errors?|page|pages|moderators?|approval|workflow)\b",
    re.IGNORECASE,
)
ADDRESS = re.compile(r"https?://\S+|\S+@\S+")
ERRORLIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
BANNER = re.compile(r'class="[^"]*help-block[^"]*help-critical[^"]*"[^>]*>(.*?)</div>', re.S)
TAGS = re.compile(r"<[^>]+>")


def english_in(texts) -> list[str]:
    found = []
    for text in texts:
        plain = ADDRESS.sub(" ", TAGS.sub(" ", str(text)))
        plain = plain.replace("Patrullaje preventivo a pie", "")
        if ENGLISH.search(plain):
            found.append(" ".join(plain.split())[:200])
    return found


class Journey:
    """Collects what a person reads: flash messages, form errors, emails."""

    def __init__(self):
        self.read = []

    def response(self, response):
        self.read += [str(m) for m in get_messages(response.wsgi_request)]
        body = response.content.decode()
        self.read += ERRORLIST.findall(body) + BANNER.findall(body)
        return response

    def emails(self):
        self.read += [m.subject for m in mail.outbox] + [m.body for m in mail.outbox]
        mail.outbox.clear()


def day_in_the_admin(client, penalolen, moderator, editor) -> list[str]:
    journey = Journey()
    sign_in(client, editor.email)
    add_url = f"/admin/pages/add/practices/practicepage/{penalolen.pk}/"
    data = practice_form(client, penalolen, "Patrullaje preventivo a pie", "patrullaje-a-pie")

    # A wrong value: no title, a summary too long.
    bad = {**data, "title": "", "summary": "x" * 700}
    response = journey.response(client.post(add_url, bad))
    assert response.status_code == 200 and not PracticePage.objects.filter(slug="patrullaje-a-pie")
    assert journey.read, "the form errors must be read"

    journey.response(client.post(add_url, data, follow=True))
    page = PracticePage.objects.get(slug="patrullaje-a-pie")
    edit_url = f"/admin/pages/{page.pk}/edit/"
    journey.response(client.post(edit_url, {**data, "action-submit": "1"}, follow=True))
    journey.emails()

    moderator_client = client.__class__()
    sign_in(moderator_client, moderator.email)
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    reject = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk]
    )
    journey.response(
        moderator_client.post(reject, {"comment": "Falta la evaluación."}, follow=True)
    )
    journey.emails()

    journey.response(client.post(edit_url, {**data, "action-submit": "1"}, follow=True))
    journey.emails()
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    journey.response(moderator_client.post(approve, {"comment": "Bien."}, follow=True))
    journey.emails()
    page.refresh_from_db()
    assert page.live
    return journey.read


def test_a_spanish_editor_reads_no_english(client, penalolen, moderator):
    editor = make_user("editora@penalolen.example", groups=[penalolen.access.editors])
    read = day_in_the_admin(client, penalolen, moderator, editor)
    assert len(read) >= 8, read
    assert english_in(read) == []
    joined = " ".join(str(text) for text in read)
    assert "Aprobación de moderación" in joined


def test_an_editor_who_chose_english_reads_english(client, penalolen, moderator):
    editor = make_user("editor@penalolen.example", groups=[penalolen.access.editors])
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(
        preferred_language="en"
    )
    read = day_in_the_admin(client, penalolen, moderator, editor)
    # What the editor reads in the admin and the e-mails sent to them are in English.
    assert any(ENGLISH.search(str(text)) for text in read)
