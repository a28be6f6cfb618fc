"""Where each translation of a page stands, for the people who write it (admin "Traducciones").

wagtail-localize keeps, per translated page, a frozen copy of the original (``TranslationSource``)
and the translated strings. A translation is *out of date* when the original was published after
that copy was taken: the fields whose text differs are named, and "Update from the original"
(wagtail-localize's sync) brings the new strings in for translating. A translation is submitted
to the same review workflow as any page (``submit_for_review``).
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import Translation


@dataclass
class TranslationStatus:
    translation: Translation
    original: Page
    page: Page | None
    total: int
    done: int
    changed_fields: list[str] = field(default_factory=list)
    in_review: bool = False

    @property
    def out_of_date(self) -> bool:
        return bool(self.changed_fields)

    @property
    def state(self) -> str:
        if self.out_of_date:
            return _("The original changed")
        if self.in_review:
            return _("In review")
        if self.done < self.total:
            return _("Being translated")
        if self.page is not None and self.page.live and not self.page.has_unpublished_changes:
            return _("Published")
        return _("Ready to submit")


def changed_fields(source, original: Page) -> list[str]:
    """Labels of the translatable fields whose text in the published ``original`` differs from
    the copy the translation was made from (empty while the copy is current)."""
    if original.last_published_at is None or original.last_published_at <= source.last_updated_at:
        return []
    then = json.loads(source.content_json)
    now = json.loads(original.to_json())
    labels = []
    for translatable in get_translatable_fields(type(original)):
        name = translatable.field_name
        if not translatable.is_translated(original) or name in ("slug",):
            continue
        if then.get(name) != now.get(name):
            model_field = original._meta.get_field(name)
            labels.append(str(getattr(model_field, "verbose_name", name)).capitalize())
    return labels


def translations_for(user) -> list[TranslationStatus]:
    """The enabled page translations whose original ``user`` may edit, newest first."""
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    keys = editable.values("translation_key")
    translations = (
        Translation.objects.filter(enabled=True, source__object_id__in=keys)
        .select_related(
            "source", "source__locale", "target_locale", "source__specific_content_type"
        )
        .order_by("-created_at")
    )
    statuses = []
    for translation in translations:
        model = translation.source.specific_content_type.model_class()
        if model is None or not issubclass(model, Page):
            continue
        pages = model.objects.filter(translation_key=translation.source.object_id)
        by_locale = {page.locale_id: page for page in pages}
        original = by_locale.get(translation.source.locale_id)
        if original is None or not editable.filter(pk=original.pk).exists():
            continue
        page = by_locale.get(translation.target_locale_id)
        total, done = translation.get_progress()
        statuses.append(
            TranslationStatus(
                translation=translation,
                original=original,
                page=page,
                total=total,
                done=done,
                changed_fields=changed_fields(translation.source, original),
                in_review=page is not None and page.workflow_in_progress,
            )
        )
    return statuses


class NothingToSubmit(Exception):
    pass


@transaction.atomic
def submit_for_review(translation: Translation, user) -> Page:
    """Save the translated page as a draft from its current strings and start its workflow
    (the moderators review it like any change). Raises ``NothingToSubmit`` with a message."""
    page = translation.get_target_instance()
    if page.workflow_in_progress:
        raise NothingToSubmit(_("This translation is already waiting for review."))
    translation.save_target(user=user, publish=False)
    page = Page.objects.get(pk=page.pk).specific
    workflow = page.get_workflow()
    if workflow is None:
        raise NothingToSubmit(_("No review workflow applies to this page."))
    workflow.start(page, user)
    return page
