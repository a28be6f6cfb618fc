"""Admin form data as a browser would send it: read from the rendered form, then overridden.

Tests that post to Wagtail's editor build their data from the page the editor actually sees, so a
new field or inline panel on a page type never silently breaks them.
"""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """Collects the successful controls of the page's main editor form."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.template_depth = 0
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._option_value: str | None = None
        self._option_text = ""
        self._select_first: str | None = None
        self._select_chosen = False

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" in name:
            return
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
            return
        if not self.in_form:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in attrs
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_text = ""
            if "selected" in attrs:
                self._select_chosen = True
                self._option_selected = True
            else:
                self._option_selected = False

    def handle_data(self, data):
        if self._textarea and "__prefix__" not in self._textarea:
            self.data[self._textarea][-1] += data
        if self._option_value is None and self._select:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form and not self.template_depth:
            self.in_form = False
        elif tag == "template" and self.template_depth:
            self.template_depth -= 1
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._select:
            value = self._option_value if self._option_value is not None else self._option_text
            if self._select_first is None:
                self._select_first = value
            if self._option_selected:
                self._add(self._select, value)
            self._option_value = None
        elif tag == "select" and self._select:
            if not self._select_chosen and not self._select_multiple:
                self._add(self._select, self._select_first or "")
            self._select = None


def editor_form_data(client, url: str, form_id: str = "page-edit-form", **overrides) -> dict:
    """GET the admin form at `url` and return what submitting it unchanged would post,
    with `overrides` applied (a list value posts a multi-valued field)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    assert parser.data, f"no form #{form_id} at {url}"
    data: dict = {
        name: values if len(values) > 1 else values[0] for name, values in parser.data.items()
    }
    data.update(overrides)
    return data


def practice_form(client, parent, title: str, slug: str) -> dict:
    """What an editor posts for a new practice: the add form as rendered, filled in."""
    from wagtail.test.utils.form_data import rich_text

    return editor_form_data(
        client,
        f"/admin/pages/add/practices/practicepage/{parent.pk}/",
        title=title,
        slug=slug,
        summary="Patrullajes a pie con vecinos en los macrosectores.",
        status="running",
        start_year="2024",
        problem=rich_text("<p>Temor en los espacios públicos.</p>"),
    )
