"""A project as GeoJSON and KML: its site outline, the site's courses and the lift lines of its plan."""

from typing import Any
from xml.sax.saxutils import escape

from alatau.sites.models import Project


def project_features(project: Project) -> dict[str, Any]:
    """A FeatureCollection; the plan itself travels in the foreign member ``"plan"``."""
    features: list[dict[str, Any]] = []
    if project.study is not None and project.site_id is not None:
        site = project.study.site(project.site_id)
        if site is not None:
            features.append(site)
        features += [
            c for c in project.study.features("course") if c["properties"].get("site_id") == project.site_id
        ]
    for lift in project.plan.get("lifts") or []:
        if lift.get("bottom") and lift.get("top"):
            properties = {"kind": "lift", **{k: v for k, v in lift.items() if k not in ("bottom", "top")}}
            geometry = {"type": "LineString", "coordinates": [lift["bottom"], lift["top"]]}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "name": project.name, "features": features, "plan": project.plan}


def project_kml(project: Project) -> str:
    """KML 2.2 of the same features: polygons, course lines and lift lines as placemarks."""
    marks = [_placemark(feature) for feature in project_features(project)["features"]]
    body = "".join(mark for mark in marks if mark)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(project.name)}</name>{body}</Document></kml>\n"
    )


def _placemark(feature: dict[str, Any]) -> str:
    properties = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    name = properties.get("name") or _label(properties)
    data = "".join(
        f'<Data name="{escape(str(k))}"><value>{escape(str(v))}</value></Data>'
        for k, v in properties.items()
        if not isinstance(v, dict | list)
    )
    if geometry.get("type") == "LineString":
        shape = f"<LineString><coordinates>{_coords(geometry['coordinates'])}</coordinates></LineString>"
    elif geometry.get("type") == "Polygon":
        ring = _coords(geometry["coordinates"][0])
        boundary = f"<outerBoundaryIs><LinearRing><coordinates>{ring}</coordinates></LinearRing>"
        boundary += "</outerBoundaryIs>"
        shape = f"<Polygon>{boundary}</Polygon>"
    else:
        return ""
    return (
        f"<Placemark><name>{escape(str(name))}</name><ExtendedData>{data}</ExtendedData>{shape}</Placemark>"
    )


def _label(properties: dict[str, Any]) -> str:
    if properties.get("kind") == "site":
        return f"Site {properties.get('site_id')}"
    return f"{properties.get('discipline', '')} {properties.get('vertical_drop_m', '')} m".strip()


def _coords(points: list[list[float]]) -> str:
    return " ".join(f"{p[0]},{p[1]}" for p in points)
