"""Citation downloads (RIS and BibTeX) cannot be forged by what editors type in a title.

A title is read by reference managers as data: in RIS a line break starts a new field (a title
could add its own ``UR`` or ``AU``), in BibTeX a backslash starts a LaTeX command and an
unbalanced brace ends the field early. Each test goes through the real download views.
"""

import re
import unicodedata

import pytest

from portal.institutions.models import InstitutionPage
from portal.practices.models import PracticePage
from tests.factories.network import municipal_institution

pytestmark = pytest.mark.django_db

RIS_TAGS = ["TY", "TI", "AU", "PY", "PB", "UR", "AB", "LA", "ER"]
BIBTEX_FIELDS = ["title", "author", "year", "publisher", "url", "note"]

HOSTILE_TITLES = {
    "crlf": "Plan comunal\r\nUR  - https://malo.example/\r\nAU  - Autor, Falso",
    "lf": "Plan comunal\nAU  - Autor, Falso",
    "cr": "Plan comunal\rAU  - Autor, Falso",
    "line separator": "Plan comunal\u2028AU  - Autor, Falso",
    "paragraph separator": "Plan comunal\u2029AU  - Autor, Falso",
    "next line": "Plan comunal\u0085AU  - Autor, Falso",
    "other controls": "Plan\x0bcomunal\x0c\x1c\x1d\x1e\x1f\x7f\x9b AU  - Autor",
    "latex commands": r"\input{/etc/passwd} \immediate\write18{rm -rf /} \def\x{y}",
    "unbalanced braces": "Llaves }} sin abrir { ni cerrar {{",
    "specials": "Costo 100% & $5 #1 a_b x^2 ~casi \\ fin",
}


def collapsed(text: str) -> str:
    """What a title should read as in a one-line field: breaks and controls become spaces."""
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(spaced.split())


@pytest.fixture
def penalolen(db):
    return municipal_institution("CL", "13122", "penalolen", "Municipalidad de Peñalolén")


@pytest.fixture
def publish_practice(penalolen, django_capture_on_commit_callbacks):
    def publish(title, summary="Resumen breve."):
        with django_capture_on_commit_callbacks(execute=True):
            page = PracticePage(title=title, slug="cita-hostil", summary=summary)
            InstitutionPage.objects.get(pk=penalolen.pk).add_child(instance=page)
            page.save_revision().publish()
        return page

    return publish


# --- RIS ---------------------------------------------------------------------------------------


def ris_fields(body: str) -> list[tuple[str, str]]:
    assert body.endswith("\r\n")
    lines = body[: -len("\r\n")].split("\r\n")
    # No other line break of any kind, anywhere (reference managers split on several).
    assert body.splitlines() == lines
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in "".join(lines))
    fields = []
    for line in lines:
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, line
        fields.append((match.group(1), match.group(2)))
    return fields


@pytest.mark.parametrize("case", HOSTILE_TITLES)
def test_a_ris_title_stays_in_its_field(client, publish_practice, case):
    title = HOSTILE_TITLES[case]
    page = publish_practice(title, summary=f"Resumen\r\nER  - \r\nTY  - GEN {case}")
    response = client.get(f"/cita/{page.pk}/ris/")
    assert response.status_code == 200
    fields = ris_fields(response.content.decode())
    assert [tag for tag, _ in fields] == RIS_TAGS
    values = dict(fields)
    assert values["TI"] == collapsed(title)
    assert values["AU"] == "Municipalidad de Peñalolén"
    assert values["UR"] == f"http://testserver{page.url}"
    assert values["AB"] == f"Resumen ER - TY - GEN {case}"


def test_a_ris_author_stays_in_its_field(client, penalolen, publish_practice):
    penalolen.title = "Municipalidad\u2028UR  - https://malo.example/"
    penalolen.save(update_fields=["title"])
    page = publish_practice("Plan comunal")
    fields = ris_fields(client.get(f"/cita/{page.pk}/ris/").content.decode())
    assert [tag for tag, _ in fields] == RIS_TAGS
    assert dict(fields)["AU"] == "Municipalidad UR - https://malo.example/"


# --- BibTeX ------------------------------------------------------------------------------------

# What the citation may write for each character LaTeX or BibTeX would read as syntax.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
BRACES = {"{": (r"\{", r"\textbraceleft{}"), "}": (r"\}", r"\textbraceright{}")}
TOKEN = re.compile(
    "|".join(re.escape(e) for e in sorted(ESCAPES.values(), key=len, reverse=True))
    + r"|\\textbraceleft\{\}|\\textbraceright\{\}|\\\{|\\\}|[^\\{}%&$#_^~]"
)


def bibtex_entry(body: str) -> tuple[str, dict[str, str]]:
    """Parse one entry the way BibTeX does: a braced value ends at the brace that balances its
    opening one, whatever precedes it (BibTeX knows no backslash escapes when counting)."""
    match = re.match(r"@(\w+)\{(portal\d+),\n", body)
    assert match, body
    position, fields = match.end(), {}
    while True:
        field = re.compile(r"  (\w+) = \{").match(body, position)
        assert field, body[position:]
        depth, index = 1, field.end()
        while depth:
            assert index < len(body), "a field never closes"
            depth += {"{": 1, "}": -1}.get(body[index], 0)
            index += 1
        fields[field.group(1)] = body[field.end() : index - 1]
        if body.startswith(",\n", index):
            position = index + 2
            continue
        assert body[index:] == "\n}\n", repr(body[index:])
        return match.group(1), fields


def unescape(value: str) -> str:
    """The text a reader sees, checking that every special character is escaped."""
    tokens = TOKEN.findall(value)
    assert "".join(tokens) == value, f"an unescaped special character in {value!r}"
    reverse = {v: k for k, v in ESCAPES.items()}
    for brace, forms in BRACES.items():
        for form in forms:
            reverse[form] = brace
    return "".join(reverse.get(token, token) for token in tokens)


@pytest.mark.parametrize("case", HOSTILE_TITLES)
def test_a_bibtex_title_is_escaped_and_balanced(client, publish_practice, case):
    title = HOSTILE_TITLES[case]
    page = publish_practice(title, summary=f"Resumen }} @misc{{x, title={{y}}}} {case}")
    response = client.get(f"/cita/{page.pk}/bibtex/")
    assert response.status_code == 200
    kind, fields = bibtex_entry(response.content.decode())
    assert kind == "misc"
    assert list(fields) == BIBTEX_FIELDS
    assert unescape(fields["title"]) == collapsed(title)
    assert unescape(fields["note"]) == collapsed(f"Resumen }} @misc{{x, title={{y}}}} {case}")
    # A corporate author stays one name: double braces around the escaped name.
    assert fields["author"] == "{Municipalidad de Peñalolén}"


def test_a_bibtex_corporate_author_is_escaped_inside_its_braces(
    client, penalolen, publish_practice
):
    penalolen.title = "Municipalidad } de \\relax Peñalolén & {Cía}"
    penalolen.save(update_fields=["title"])
    page = publish_practice("Plan comunal")
    _, fields = bibtex_entry(client.get(f"/cita/{page.pk}/bibtex/").content.decode())
    author = fields["author"]
    assert author.startswith("{") and author.endswith("}")
    assert unescape(author[1:-1]) == penalolen.title


def test_balanced_braces_in_a_title_read_as_braces(client, publish_practice):
    page = publish_practice("Plan {2024} de {barrio}")
    _, fields = bibtex_entry(client.get(f"/cita/{page.pk}/bibtex/").content.decode())
    assert fields["title"] == r"Plan \{2024\} de \{barrio\}"
