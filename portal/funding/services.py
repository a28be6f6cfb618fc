"""Importing, computing, publishing and correcting index editions. Each step is atomic."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.csvimport import CsvImportError, parse_number, read_rows
from portal.institutions.models import InstitutionPage, Municipality

from . import compute
from .models import Allocation, Edition, EditionFrozen, GroupRule, Score, Value

COLUMNS = {
    "code": ("code", "código", "codigo", "cut", "código comuna", "codigo comuna"),
    "variable": ("variable", "indicador", "indicator"),
    "value": ("value", "valor"),
    "source": ("source", "fuente"),
}
COUNTRY = "CL"  # the index ranks Chile's comunas


def municipalities():
    return Municipality.objects.filter(country__code=COUNTRY).select_related("region")


def _open(edition: Edition):
    if edition.published:
        raise EditionFrozen(_("A published edition cannot change; make a correction."))


@transaction.atomic
def import_values(edition: Edition, data: bytes, *, replace: bool = True) -> dict:
    """Read a CSV of (code, variable, value, source) into a draft edition: all lines or none.

    Problems are collected for every line (unknown code or variable, duplicate, not a number,
    missing value) and reported together; nothing is saved if there is any. Census-based
    variables the file leaves out are then carried forward from ``edition.census_from``.
    """
    _open(edition)
    rows = read_rows(data, COLUMNS, ("code", "variable", "value"))
    by_code = {m.code: m for m in municipalities()}
    variables = {v.key: v for v in edition.variables.all()}
    problems, seen, values = [], {}, []
    for row in rows:
        line, code, key = row["line"], row["code"].strip(), row["variable"].strip().lower()
        municipality = by_code.get(code) or by_code.get(code.zfill(5))
        if municipality is None:
            problems.append((line, _("Unknown municipality code “%s”.") % code[:20]))
        variable = variables.get(key)
        if variable is None:
            problems.append(
                (
                    line,
                    _("Unknown variable “%(key)s”; this edition has: %(keys)s.")
                    % {"key": key[:40], "keys": ", ".join(variables)},
                )
            )
        if not row["value"].strip():
            problems.append((line, _("The value is missing.")))
            continue
        number = parse_number(
            row["value"], line, _("value"), problems, decimal_comma=rows.decimal_comma
        )
        if municipality is None or variable is None or number is None:
            continue
        pair = (municipality.code, key)
        if pair in seen:
            problems.append(
                (
                    line,
                    _("%(code)s / %(key)s is repeated (first on line %(first)s).")
                    % {"code": municipality.code, "key": key, "first": seen[pair]},
                )
            )
            continue
        seen[pair] = line
        values.append(
            Value(
                edition=edition,
                municipality=municipality,
                variable=variable,
                value=number,
                source=row.get("source", "")[:300],
            )
        )
    if problems:
        raise CsvImportError(problems)
    if replace:
        Value.objects.filter(edition=edition, variable__in=[v.variable for v in values]).delete()
    Value.objects.bulk_create(values)
    carried = carry_forward_census(edition)
    return {"imported": len(values), "carried": carried}


def carry_forward_census(edition: Edition) -> int:
    """Copy census-based values from ``census_from`` for the variables this edition lacks."""
    if edition.census_from is None:
        return 0
    earlier = {v.key: v for v in edition.census_from.variables.all()}
    copied = 0
    for variable in edition.variables.filter(census_based=True):
        if Value.objects.filter(edition=edition, variable=variable).exists():
            continue
        source = earlier.get(variable.key)
        if source is None:
            continue
        rows = [
            Value(
                edition=edition,
                municipality_id=old.municipality_id,
                variable=variable,
                value=old.value,
                source=old.source,
                carried_from=old.carried_from or edition.census_from,
            )
            for old in Value.objects.filter(edition=edition.census_from, variable=source)
        ]
        Value.objects.bulk_create(rows)
        copied += len(rows)
    return copied


def _rules(edition: Edition) -> compute.Rules:
    rules = {r.group: r for r in GroupRule.objects.filter(edition=edition)}
    if edition.allocation_mode == Edition.Mode.AMOUNTS:
        amounts = {}
        for group in ("U1", "U2", "U3", "A", "B"):
            rule = rules.get(group) or (rules.get("R") if group in ("A", "B") else None)
            if rule is not None and rule.amount is not None:
                amounts[group] = int(rule.amount)
        shares = {}
    else:
        amounts = {}
        shares = {g: Fraction(r.share) for g, r in rules.items() if r.share is not None}
    return compute.Rules(
        urgent_sizes=edition.sizes(),
        normalisation=edition.normalisation,
        rotating_split=edition.rotating_split,
        budgets=(edition.budget_year1, edition.budget_year2),
        amounts=amounts,
        shares=shares,
    )


def inputs(edition: Edition) -> tuple[list[compute.Variable], dict]:
    variables = list(edition.variables.all())
    by_id = {v.pk: v.key for v in variables}
    values: dict[str, dict[str, Fraction]] = {m.code: {} for m in municipalities()}
    for municipality_code, variable_id, value in Value.objects.filter(edition=edition).values_list(
        "municipality__code", "variable_id", "value"
    ):
        values.setdefault(municipality_code, {})[by_id[variable_id]] = Fraction(value)
    formula = [
        compute.Variable(v.key, Fraction(v.weight), v.higher_is_more_vulnerable) for v in variables
    ]
    return formula, values


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


@transaction.atomic
def compute_edition(edition: Edition) -> compute.Result:
    """Compute a draft edition and store its scores and allocations (replacing earlier ones)."""
    _open(edition)
    formula, values = inputs(edition)
    result = compute.compute(formula, values, _rules(edition))
    by_code = {m.code: m.pk for m in municipalities()}
    Score.objects.filter(edition=edition).delete()
    Allocation.objects.filter(edition=edition).delete()
    Score.objects.bulk_create(
        Score(
            edition=edition,
            municipality_id=by_code[row.code],
            score=_decimal(row.score),
            rank=row.rank,
            group=row.group,
            contributions={k: str(_decimal(c)) for k, c in row.contributions.items()},
        )
        for row in result.ranking
    )
    Allocation.objects.bulk_create(
        Allocation(
            edition=edition,
            year=edition.year + a.year - 1,
            group=a.group,
            municipalities=a.municipalities,
            amount=a.amount,
        )
        for a in result.allocations
    )
    edition.computed_at = timezone.now()
    edition.remainder_year1 = result.remainders.get(1)
    edition.remainder_year2 = result.remainders.get(2)
    edition.save()
    return result


@transaction.atomic
def publish_edition(edition: Edition) -> Edition:
    """Recompute, record what changed against the corrected version, and freeze."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    compute_edition(edition)
    if edition.corrects_id:
        summary = describe_changes(edition.corrects, edition)
        edition.changes = "\n".join(filter(None, [edition.changes.strip(), summary]))
    edition.save()
    Edition.objects.filter(pk=edition.pk).update(
        status=Edition.Status.PUBLISHED, published_at=timezone.now()
    )
    edition.refresh_from_db()
    refresh_current()
    return edition


def refresh_current() -> None:
    """Copy the current edition's group and score to the registry and the search entries.

    Listings ("practices from municipalities in my group") and the search filter on these copies;
    they change only when an edition is published.
    """
    from portal.search.models import SearchEntry

    edition = current_edition()
    Municipality.objects.exclude(index_group="").update(index_group="", index_score=None)
    SearchEntry.objects.exclude(index_group="").update(index_group="", indexed=False)
    if edition is None:
        return
    scores = {
        municipality_id: (group, score)
        for municipality_id, group, score in Score.objects.filter(edition=edition).values_list(
            "municipality_id", "group", "score"
        )
    }
    municipalities_ = list(Municipality.objects.filter(pk__in=scores))
    for municipality in municipalities_:
        municipality.index_group, municipality.index_score = scores[municipality.pk]
    Municipality.objects.bulk_update(municipalities_, ["index_group", "index_score"])
    by_group: dict[str, list[int]] = {}
    for municipality_id, (group, _score) in scores.items():
        by_group.setdefault(group, []).append(municipality_id)
    for group, ids in by_group.items():
        SearchEntry.objects.filter(
            institution__in=InstitutionPage.objects.filter(municipality_id__in=ids).values("slug")
        ).update(index_group=group, indexed=False)
    transaction.on_commit(_reindex)


def _reindex():
    from portal.search.sync import index_pending

    index_pending()


@transaction.atomic
def correct_edition(edition: Edition) -> Edition:
    """A new draft version of a published edition, with its rules and values copied."""
    if not edition.published:
        raise EditionFrozen(_("Only a published edition is corrected; edit the draft instead."))
    if Edition.objects.filter(corrects=edition).exists():
        raise EditionFrozen(_("This version already has a correction; correct the latest one."))
    copy = Edition.objects.get(pk=edition.pk)
    copy.pk = None
    copy.version = edition.version + 1
    copy.corrects = edition
    copy.status = Edition.Status.DRAFT
    copy.published_at = None
    copy.computed_at = None
    copy.changes = ""
    copy.save()
    mapping = {}
    for variable in edition.variables.all():
        old_pk = variable.pk
        variable.pk = None
        variable.edition = copy
        variable.save()
        mapping[old_pk] = variable
    for rule in edition.group_rules.all():
        rule.pk = None
        rule.edition = copy
        rule.save()
    Value.objects.bulk_create(
        Value(
            edition=copy,
            municipality_id=v.municipality_id,
            variable=mapping[v.variable_id],
            value=v.value,
            source=v.source,
            carried_from=v.carried_from,
        )
        for v in Value.objects.filter(edition=edition)
    )
    return copy


def describe_changes(before: Edition, after: Edition) -> str:
    """What a correction changed: rules, weights, values, and the resulting groups."""
    lines = []
    for field in (
        "urgent_sizes",
        "normalisation",
        "rotating_split",
        "budget_year1",
        "budget_year2",
    ):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            label = Edition._meta.get_field(field).verbose_name
            lines.append(
                _("%(field)s: %(old)s → %(new)s.") % {"field": label, "old": old, "new": new}
            )
    old_vars = {v.key: v for v in before.variables.all()}
    for variable in after.variables.all():
        old = old_vars.pop(variable.key, None)
        if old is None:
            lines.append(_("New variable: %s.") % variable.name)
        elif old.weight != variable.weight or (
            old.higher_is_more_vulnerable != variable.higher_is_more_vulnerable
        ):
            lines.append(
                _("%(name)s: weight %(old)s → %(new)s.")
                % {
                    "name": variable.name,
                    "old": old.weight.normalize(),
                    "new": variable.weight.normalize(),
                }
            )
    lines += [_("Variable removed: %s.") % v.name for v in old_vars.values()]
    old_values = {
        (m, k): v
        for m, k, v in Value.objects.filter(edition=before).values_list(
            "municipality_id", "variable__key", "value"
        )
    }
    changed = sum(
        1
        for m, k, v in Value.objects.filter(edition=after).values_list(
            "municipality_id", "variable__key", "value"
        )
        if old_values.get((m, k)) != v
    )
    if changed:
        lines.append(
            ngettext("%s input value changed.", "%s input values changed.", changed) % changed
        )
    old_groups = dict(Score.objects.filter(edition=before).values_list("municipality_id", "group"))
    moved = sum(
        1
        for m, g in Score.objects.filter(edition=after).values_list("municipality_id", "group")
        if old_groups.get(m) != g
    )
    lines.append(
        ngettext("%s municipality changed group.", "%s municipalities changed group.", moved)
        % moved
    )
    return "\n".join(lines)


def current_editions():
    """The latest published version of each year, newest year first."""
    latest = {}
    for edition in Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by(
        "-year", "-version"
    ):
        latest.setdefault(edition.year, edition)
    return list(latest.values())


def current_edition() -> Edition | None:
    editions = current_editions()
    return editions[0] if editions else None
