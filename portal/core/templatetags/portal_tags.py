"""Template tags of the public site: menu, language switcher, breadcrumbs, listings."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, translation
from wagtail.models import Page, Site

from portal.core import addresses, content, perrequest, sections, visibility
from portal.core.locales import active_locale_id, language_codes

register = template.Library()


def _is_current_section(current, child) -> bool:
    if current is None or not getattr(current, "path", None):
        return False
    # Content lives in its institution's subtree, but a visitor thinks of a manual as part of
    # "Practices": registered content types mark the section that lists them.
    section = content.section_of(current.specific_class)
    if section is not None:
        return child.specific_class._meta.label_lower == section
    return current.path.startswith(child.path)


def _section_labels() -> dict:
    """Labels of the site's sections in the interface language, for untranslated section
    pages (their titles are the Spanish ones)."""
    from django.utils.translation import gettext as _

    return {
        "practiceindexpage": _("Practices"),
        "programindexpage": _("Programs"),
        "observatoryindexpage": _("Observatories"),
        "cooperationindexpage": _("Cooperation"),
        "fundingindexpage": _("Funding index"),
        "institutionindexpage": _("Institutions"),
    }


@register.simple_tag(takes_context=True)
def nav_title(context, page) -> str:
    """A page's title for navigation: its translation's, or for a section page shown in another
    language, the section's name in the interface language."""
    request = context.get("request")
    localized = _localized(request, page)
    active = active_locale_id()
    if active is not None and getattr(localized, "locale_id", active) != active:
        label = _section_labels().get(localized.specific_class._meta.model_name)
        if label:
            return label
    return localized.title


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Live children of the site root marked "show in menus"; the current section is flagged."""
    request = context.get("request")
    current = context.get("page")
    items = []
    for child in sections.sections(request):
        if child.show_in_menus:
            is_current = _is_current_section(current, child)
            items.append(
                {
                    "page": child,
                    "title": nav_title(context, child),
                    "url": localized_pageurl(context, child),
                    "current": is_current,
                    "exact": is_current and current.pk == child.pk,
                }
            )
    return {"items": items, "request": request}


def _tree_exists_in(request, language: str) -> bool:
    """Whether the site root has a live translation in ``language`` (once per request)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return False

    def read():
        codes = language_codes()
        return any(
            page.live and codes.get(page.locale_id) == language
            for page in site.root_page.get_translations(inclusive=True)
        )

    return perrequest.remember(("tree_language", site.pk, language), read)


@register.simple_tag(takes_context=True)
def content_language(context, page) -> str:
    """The language of ``page``'s content when it differs from the interface's (an untranslated
    page shown in its original language), else ""."""
    if not isinstance(page, Page) or not page.pk or page.locale_id is None:
        return ""
    locale_id = page.locale_id
    if page.alias_of_id is not None:
        # An alias made for a translation (a parent copied so that a child could be
        # translated) shows its original's text, in the original's language.
        locale_id = (
            Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True).first()
            or locale_id
        )
    if locale_id == active_locale_id():
        return ""  # the usual case, without a query
    current = translation.get_language() or settings.LANGUAGE_CODE
    code = language_codes().get(locale_id) or page.locale.language_code
    return "" if code.split("-")[0] == current.split("-")[0] else code


def _localized(request, page):
    """``page.localized``, without a query when the page is already in the active language or
    when no page has been translated into it (translations need a translated site root)."""
    locale_id = getattr(page, "locale_id", None)
    if locale_id is not None and locale_id == active_locale_id():
        return page
    language = translation.get_language() or settings.LANGUAGE_CODE
    if request is not None and not _tree_exists_in(request, language):
        return page
    if request is not None and getattr(page, "translation_key", None) not in _translated_keys():
        return page  # no live version in the active language: no query per card
    active = active_locale_id()
    for version in visibility.live_translations(page):
        if version.locale_id == active:
            return version.specific_deferred if version.specific_class else version
    return page


def _translated_keys() -> set:
    """Translation keys of the live pages in the active language, read once per request (a
    listing in English names many Spanish pages that have no English version)."""
    active = active_locale_id()
    return perrequest.remember(
        ("translated_keys", active),
        lambda: set(
            Page.objects.filter(locale_id=active, live=True).values_list(
                "translation_key", flat=True
            )
        ),
    )


@register.simple_tag(takes_context=True)
def localized_pageurl(context, page):
    """Like ``{% pageurl %}``, for the page's translation in the active language.

    When a page has no translation in the active language, its default-language URL is
    used; and while the whole site has no tree in that language (e.g. English content not
    written yet), the URL keeps the language prefix so the visitor stays in the English UI
    (Wagtail then serves the default-language page under /en/).
    """
    if page is None:
        return ""
    request = context.get("request")
    target = _localized(request, page)
    url = target.get_url(request) or ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if (
        language != settings.LANGUAGE_CODE
        and url.startswith("/")
        and not url.startswith(f"/{language}/")
        and language_codes().get(getattr(target, "locale_id", None), language) != language
        and not _tree_exists_in(request, language)
    ):
        url = f"/{language}{url}"
    return url


@register.simple_tag(takes_context=True)
def home_url(context):
    """URL of the site root in the active language, falling back to the language prefix."""
    request = context.get("request")
    root = sections.site_root(request)
    if root is not None:
        url = localized_pageurl(context, root)
        if url:
            return url
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


@register.simple_tag(takes_context=True)
def public_url(context, path):
    """``path`` on the portal's public address (``portal.core.addresses``): the head's canonical
    and ``og:url``, which name the same host as the sitemap and the citations."""
    return addresses.absolute(path, context.get("request"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: the same page in that language (``url`` relative, for the
    language switcher; ``absolute_url`` for the head's alternates, where the default language's
    entry is also the ``x-default``, as in the sitemap).

    A Wagtail page links to its live translation when there is one; any other URL (search,
    or a page without translation) goes through Django's ``translate_url``.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    links = []
    translations = {}
    if isinstance(page, Page) and page.pk:
        # Every live translation in one query, not one per language.
        codes = language_codes()
        live = visibility.live_translations(page)
        for translated in sorted(live, key=lambda translation_: translation_.pk):
            translations.setdefault(codes.get(translated.locale_id), translated)
    for code, name in settings.LANGUAGES:
        url = None
        translated = translations.get(code)
        if translated is not None:
            with translation.override(code):
                url = translated.get_url(request)
        if not url and request is not None:
            url = translate_url(request.path, code)
        url = _with_subpage(request, page, url, code, translated)
        with translation.override(code):
            local_name = str(translation.get_language_info(code)["name_local"])
        links.append(
            {
                "code": code,
                "name": name,
                "local_name": local_name[:1].upper() + local_name[1:],
                "url": url or "/",
                # The head's hreflang alternates are absolute, as the sitemap's are.
                "absolute_url": addresses.absolute(url or "/", request),
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return links


def _with_subpage(request, page, url, code, translated=None):
    """A routable page's sub-view (``manuales/`` → ``manuals/``) in language ``code``, with
    the visitor's filters: the language switcher keeps the visitor where they are. Under the
    page's translation (``translated``) when it has one, else under the page in ``code``."""
    if request is None or not url:
        return url
    match = getattr(request, "routable_resolver_match", None)
    if match is not None and isinstance(page, Page) and hasattr(page, "reverse_subpage"):
        # Resolved in the default language (unprefixed), then reversed in ``code``.
        if translated is not None:
            base = url.split("?")[0]
        else:
            with translation.override(settings.LANGUAGE_CODE):
                base = translate_url(page.get_url(request) or "/", code)
        with translation.override(code):
            subpage = page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
        url = base + subpage.lstrip("/")
    query = request.GET.urlencode()
    return f"{url.split('?')[0]}?{query}" if query else url


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """Ancestors of ``page`` below the site root that a visitor may see (an unpublished
    institution above a live practice is not named); the home page is linked separately."""
    request = context.get("request")
    root = sections.site_root(request)
    if page is None or not getattr(page, "pk", None):
        return []
    below = root.depth if root else 2
    # The home page's route() keeps the pages it read on the way (portal.core.models.HomePage).
    ancestors = getattr(page, "pages_on_the_way", None)
    if ancestors is None:
        ancestors = page.get_ancestors()
    return visibility.visible(ancestor for ancestor in ancestors if ancestor.depth > below)


@register.filter
def may_see(page) -> bool:
    """Whether a visitor may see ``page``: the one rule before linking to or naming another
    page (``portal.core.visibility.may_see``). Anything but a page (an empty relation, a
    failed lookup) is not seen."""
    return isinstance(page, Page) and visibility.may_see(page)


@register.filter
def visible_only(pages) -> list:
    """The pages a visitor may see, from a list or a related manager."""
    if not pages:
        return []
    return visibility.visible(pages.all() if hasattr(pages, "all") else pages)


@register.filter
def verbose_name(obj):
    """The model's verbose name (templates cannot read ``_meta``)."""
    obj = getattr(obj, "specific", obj)
    return obj._meta.verbose_name


@register.filter
def verbose_name_plural(obj):
    obj = getattr(obj, "specific", obj)
    return obj._meta.verbose_name_plural


@register.filter
def model_key(obj):
    """``app_label-model_name`` for CSS hooks."""
    obj = getattr(obj, "specific", obj)
    return f"{obj._meta.app_label}-{obj._meta.model_name}"


@register.filter
def localized_name(obj):
    """A country's name in the active language (``name_en`` in English), or its ``name``."""
    if obj is None:
        return ""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    localized = getattr(obj, f"name_{language}", "") if language != settings.LANGUAGE_CODE else ""
    return localized or getattr(obj, "name", str(obj))


@register.filter
def localized_terms(queryset):
    """Vocabulary terms in the active language (pages are tagged with the Spanish rows)."""
    return [term.localized for term in queryset.all()]


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (a value of None removes the key)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


DEFAULT_SITE_NAME = "Red de Prevención Municipal"


@register.simple_tag
def site_name():
    """The portal's name; the default name is translated, a configured one is shown as is."""
    from django.utils.translation import gettext

    configured = getattr(settings, "WAGTAIL_SITE_NAME", "") or DEFAULT_SITE_NAME
    if configured == DEFAULT_SITE_NAME:
        return gettext("Municipal Prevention Network")
    return configured


@register.filter
def number(value):
    """A decimal without trailing zeros (12.5000 -> 12.5), or an empty string."""
    if value is None or value == "":
        return ""
    text = format(value.normalize() if hasattr(value, "normalize") else value, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return formats.number_format(Decimal(text), force_grouping=True)


@register.simple_tag(takes_context=True)
def export_url(context, fmt):
    """This listing's current filters and sort, as a download in ``fmt`` (csv or json)."""
    request = context.get("request")
    params = request.GET.copy() if request else {}
    if hasattr(params, "pop"):
        params.pop("page", None)
        params["format"] = fmt
    return "?" + params.urlencode() if params else f"?format={fmt}"
