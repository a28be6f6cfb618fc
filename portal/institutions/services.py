"""Registry imports: countries, regions and municipalities from cited data files.

Every import runs in one transaction: a malformed row raises ``RegistryImportError`` naming
its line, and nothing of that import is left behind. Re-running an import creates nothing
new; rows whose values did not change are counted as unchanged.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from portal.core.params import parse_int

from .models import Country, Municipality, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
CHILE_FILE = DATA_DIR / "cl_comunas.json"
MEXICO_STATES_FILE = DATA_DIR / "mx_estados.json"

COUNTRIES = {"CL": ("Chile", "Chile"), "MX": ("México", "Mexico")}

# INEGI's catalogue of states and municipalities (AGEEML) names its columns like this.
INEGI_REQUIRED = ("CVE_ENT", "NOM_ENT", "CVE_MUN", "NOM_MUN")
INEGI_POPULATION = ("POB_TOTAL", "POBTOT")
INEGI_HOUSEHOLDS = ("TOTAL DE VIVIENDAS HABITADAS", "VIV_HAB", "TVIVHAB")
INEGI_LATITUDE = ("LAT_DECIMAL", "LAT_DEC")
INEGI_LONGITUDE = ("LON_DECIMAL", "LON_DEC")


class RegistryImportError(Exception):
    """A data file that cannot be imported; the message says where and why."""


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: {"regions": 0, "municipalities": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"regions": 0, "municipalities": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"regions": 0, "municipalities": 0})

    def count(self, kind: str, outcome: str) -> None:
        getattr(self, outcome)[kind] += 1

    def merge(self, other: "ImportReport") -> None:
        for outcome in ("created", "updated", "unchanged"):
            for kind, value in getattr(other, outcome).items():
                getattr(self, outcome)[kind] += value

    def __str__(self) -> str:
        parts = []
        for kind in ("regions", "municipalities"):
            parts.append(
                f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
                f"{self.unchanged[kind]} unchanged"
            )
        return "; ".join(parts)


def ensure_country(code: str) -> Country:
    name, name_en = COUNTRIES[code]
    country, created = Country.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en}
    )
    if not created and (country.name, country.name_en) != (name, name_en):
        country.name, country.name_en = name, name_en
        country.save()
    return country


def _upsert(model, lookup: dict, values: dict, report: ImportReport, kind: str, existing: dict):
    key = tuple(lookup.values())
    obj = existing.get(key)
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        existing[key] = obj
        report.count(kind, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return obj


def _point(record: dict, where: str) -> tuple[float | None, float | None]:
    centroid = record.get("centroid")
    if centroid is None:
        return None, None
    try:
        longitude, latitude = (float(value) for value in centroid)
    except (TypeError, ValueError):
        raise RegistryImportError(f"{where}: centroid must be [longitude, latitude].") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise RegistryImportError(f"{where}: centroid {centroid} is outside the globe.")
    return latitude, longitude


def _require(record: dict, keys: tuple[str, ...], where: str) -> None:
    for key in keys:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RegistryImportError(f"{where}: '{key}' is missing or empty.")


def _digits(value: str, length: int, label: str, where: str) -> str:
    value = str(value).strip()
    if parse_int(value, max_digits=length) is None:  # ASCII digits: "²".isdigit() is true
        raise RegistryImportError(
            f"{where}: {label} {value!r} is not a code of up to {length} digits."
        )
    return value.zfill(length)


@transaction.atomic
def import_registry_json(path: Path, *, country_code: str) -> ImportReport:
    """Import regions and (optionally) municipalities from one of the bundled JSON files."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise RegistryImportError(f"{path}: cannot read the file ({error}).") from None
    country = ensure_country(country_code)
    report = ImportReport()
    regions = {(r.code,): r for r in Region.objects.filter(country=country)}
    for number, record in enumerate(data.get("regions", []), start=1):
        where = f"{Path(path).name}, region #{number}"
        _require(record, ("code", "name"), where)
        latitude, longitude = _point(record, where)
        code = _digits(record["code"], 2, "region code", where)
        _upsert(
            Region,
            {"code": code},
            {
                "country": country,
                "name": record["name"].strip(),
                "latitude": latitude,
                "longitude": longitude,
            },
            report,
            "regions",
            regions,
        )
    # Whole rows (the manager leaves the boundary out): the import compares it too.
    municipalities = {
        (m.code,): m for m in Municipality.objects.defer(None).filter(country=country)
    }
    for number, record in enumerate(data.get("municipalities", []), start=1):
        where = f"{Path(path).name}, municipality #{number}"
        _require(record, ("code", "name", "region"), where)
        region = regions.get((_digits(record["region"], 2, "region code", where),))
        if region is None:
            raise RegistryImportError(f"{where}: unknown region code {record['region']!r}.")
        latitude, longitude = _point(record, where)
        values = {
            "country": country,
            "region": region,
            "name": record["name"].strip(),
            "province": (record.get("province_name") or "").strip(),
            "latitude": latitude,
            "longitude": longitude,
            "boundary": record.get("boundary"),
        }
        _upsert(
            Municipality,
            {"code": _digits(record["code"], 5, "code", where)},
            values,
            report,
            "municipalities",
            municipalities,
        )
    return report


def import_bundled() -> ImportReport:
    """Import the registry files shipped with the portal (Chile and Mexico) in one transaction."""
    report = ImportReport()
    with transaction.atomic():
        report.merge(import_registry_json(CHILE_FILE, country_code="CL"))
        report.merge(import_registry_json(MEXICO_STATES_FILE, country_code="MX"))
        bundled_mx = DATA_DIR / "mx_municipios.csv"
        if bundled_mx.exists():
            report.merge(import_inegi_csv(bundled_mx))
    return report


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistryImportError("The file is neither UTF-8 nor Windows-1252 text.")


def _first(row: dict, names: tuple[str, ...]) -> str:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value.strip()
    return ""


def _optional_int(value: str, label: str, where: str) -> int | None:
    if not value:
        return None
    number = parse_int(value.replace(",", "").replace(" ", ""), max_digits=12)
    if number is None:
        raise RegistryImportError(f"{where}: {label} {value!r} is not a whole number.")
    return number


def _optional_float(value: str, label: str, where: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise RegistryImportError(f"{where}: {label} {value!r} is not a number.") from None


@transaction.atomic
def import_inegi_csv(path: Path, *, source: str = "INEGI, AGEEML catalogue") -> ImportReport:
    """Import Mexican states and municipalities from a CSV in INEGI's AGEEML catalogue layout."""
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as error:
        raise RegistryImportError(f"{path}: cannot read the file ({error}).") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().upper() for name in (reader.fieldnames or [])]
    missing = [name for name in INEGI_REQUIRED if name not in header]
    if missing:
        raise RegistryImportError(
            f"{Path(path).name}, line 1: missing column(s) {', '.join(missing)}; "
            f"INEGI's layout needs {', '.join(INEGI_REQUIRED)}."
        )
    reader.fieldnames = header
    country = ensure_country("MX")
    report = ImportReport()
    regions = {(r.code,): r for r in Region.objects.filter(country=country)}
    # Whole rows (the manager leaves the boundary out): the import compares it too.
    municipalities = {
        (m.code,): m for m in Municipality.objects.defer(None).filter(country=country)
    }
    seen: set[str] = set()
    for row in reader:
        where = f"{Path(path).name}, line {reader.line_num}"
        if None in row:
            raise RegistryImportError(f"{where}: more fields than the header has.")
        row = {key: (value or "") for key, value in row.items()}
        _require(row, INEGI_REQUIRED, where)
        state_code = _digits(row["CVE_ENT"], 2, "CVE_ENT", where)
        municipality_code = state_code + _digits(row["CVE_MUN"], 3, "CVE_MUN", where)
        cvegeo = row.get("CVEGEO", "").strip()
        if cvegeo and cvegeo.zfill(5) != municipality_code:
            raise RegistryImportError(
                f"{where}: CVEGEO {cvegeo} does not match CVE_ENT+CVE_MUN {municipality_code}."
            )
        if municipality_code in seen:
            raise RegistryImportError(f"{where}: municipality {municipality_code} appears twice.")
        seen.add(municipality_code)
        region = regions.get((state_code,))
        if region is None:
            region = _upsert(
                Region,
                {"code": state_code},
                {"country": country, "name": row["NOM_ENT"].strip()},
                report,
                "regions",
                regions,
            )
        population = _optional_int(_first(row, INEGI_POPULATION), "population", where)
        households = _optional_int(_first(row, INEGI_HOUSEHOLDS), "households", where)
        values = {
            "country": country,
            "region": region,
            "name": row["NOM_MUN"].strip(),
            "population": population,
            "households": households,
            "population_source": source if population is not None else "",
        }
        latitude = _optional_float(_first(row, INEGI_LATITUDE), "latitude", where)
        longitude = _optional_float(_first(row, INEGI_LONGITUDE), "longitude", where)
        if latitude is not None and longitude is not None:
            values.update(latitude=latitude, longitude=longitude)
        _upsert(
            Municipality,
            {"code": municipality_code},
            values,
            report,
            "municipalities",
            municipalities,
        )
    if not seen:
        raise RegistryImportError(f"{Path(path).name}: the file has a header but no rows.")
    return report
