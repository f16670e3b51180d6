// The site map: hillshade tiles rendered by Alatau from the DEM, an optional OpenStreetMap layer, then
// either an area picker (two clicks set the corners of the study box) or a study's / project's features.
(function () {
  var element = document.getElementById("map");
  if (!element || !window.L) return;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var t = JSON.parse(document.getElementById("map-labels").textContent);
  var map = L.map(element, { maxZoom: 15, minZoom: 7 });
  var hillshade = L.tileLayer(config.hillshade, { minZoom: 7, maxZoom: 15, attribution: "DEM: SRTM / Copernicus" });
  hillshade.addTo(map);
  var bases = {};
  bases[t.hillshade] = hillshade;
  if (config.osm) {
    bases[t.osm] = L.tileLayer(config.osm, { maxZoom: 18, attribution: "© OpenStreetMap contributors" });
  }
  var overlays = L.control.layers(bases, {}).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  if (config.border) {  // the national border (Natural Earth, shipped): sites are kept inside it
    fetch(config.border).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data) L.geoJSON(data, { interactive: false, style: { color: "#b45309", weight: 2, dashArray: "8 4", fill: false } }).addTo(map);
    });
  }
  var colours = { DH: "#c1121f", SG: "#f77f00", GS: "#1d4ed8", SL: "#15803d" };

  function field(name) { return document.getElementById("id_" + name); }
  function number(value, digits) { return (Math.round(value * Math.pow(10, digits)) / Math.pow(10, digits)).toString(); }

  function profileSvg(points) {
    if (!points || points.length < 2) return "";
    var w = 260, h = 110, pad = 28;
    var xs = points.map(function (p) { return p[0]; }), zs = points.map(function (p) { return p[1]; });
    var x0 = 0, x1 = Math.max.apply(null, xs), z0 = Math.min.apply(null, zs), z1 = Math.max.apply(null, zs);
    function px(x) { return pad + (x - x0) / ((x1 - x0) || 1) * (w - pad - 6); }
    function py(z) { return 6 + (z1 - z) / ((z1 - z0) || 1) * (h - pad - 6); }
    var line = points.map(function (p) { return px(p[0]).toFixed(1) + "," + py(p[1]).toFixed(1); }).join(" ");
    var segments = "";
    for (var i = 1; i < points.length; i++) {
      var run = points[i][0] - points[i - 1][0];
      var grade = run > 0 ? (points[i - 1][1] - points[i][1]) / run * 100 : 0;
      var colour = grade > 60 ? "#111" : grade > 40 ? "#c1121f" : "#1d4ed8";
      segments += '<line x1="' + px(points[i - 1][0]).toFixed(1) + '" y1="' + py(points[i - 1][1]).toFixed(1) +
        '" x2="' + px(points[i][0]).toFixed(1) + '" y2="' + py(points[i][1]).toFixed(1) +
        '" stroke="' + colour + '" stroke-width="2.5"><title>' + number(grade, 0) + ' %</title></line>';
    }
    return '<svg class="profile-chart" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h +
      '" role="img" aria-label="' + t.profile + '"><title>' + t.profile + "</title>" +
      '<polygon points="' + px(x0) + "," + (h - pad) + " " + line + " " + px(x1) + "," + (h - pad) + '" fill="#e5e7eb"/>' +
      segments +
      '<text x="2" y="12" font-size="10">' + number(z1, 0) + '</text><text x="2" y="' + (h - pad) + '" font-size="10">' +
      number(z0, 0) + '</text><text x="' + (w - 40) + '" y="' + (h - 8) + '" font-size="10">' + number(x1, 0) + " m</text></svg>";
  }

  function coursePopup(p) {
    var checks = (p.checks || []).map(function (c) {
      var limits = c.low === null ? "≤ " + c.high : c.low + "–" + c.high;
      return '<li class="' + (c.ok ? "ok" : "ko") + '">' + t[c.key] + ": " + c.value + " (" + limits + ") " +
        (c.ok ? "✓ " + t.met : "✗ " + t.failed) + "</li>";
    }).join("");
    return "<strong>" + p.discipline + " · " + p.difficulty + "</strong><br>" +
      t.drop + ": " + p.vertical_drop_m + " m · " + t.length + ": " + p.length_m + " m<br>" +
      t.mean_gradient + ": " + p.mean_gradient_pct + " % · " + t.steepest + ": " + p.max_gradient_pct + " %<br>" +
      t.aspect + ": " + p.aspect_deg + "°" + profileSvg(p.profile) +
      "<div>" + t.criteria + '</div><ul class="checks">' + checks + "</ul>";
  }

  function sitePopup(p) {
    return "<strong>" + t.site + " " + p.site_id + "</strong> (" + t.rank + " " + p.rank + ")<br>" +
      t.score + ": " + p.score + " · " + t.vertical + ": " + p.vertical_m + " m";
  }

  function showFeatures(collection) {
    var layer = L.geoJSON(collection, {
      style: function (f) {
        var p = f.properties || {};
        if (p.kind === "site") return { color: "#7c3aed", weight: 1.5, fillOpacity: 0.08 };
        if (p.kind === "lift") return { color: "#111827", weight: 3, dashArray: "6 4" };
        return { color: colours[p.discipline] || "#333", weight: 3, opacity: 0.9 };
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {};
        if (p.kind === "course") l.bindPopup(coursePopup(p), { maxWidth: 300, className: "course-popup" });
        else if (p.kind === "site") l.bindPopup(sitePopup(p));
        else if (p.kind === "lift") l.bindPopup(t.lift + ": " + p.name);
      }
    }).addTo(map);
    if (layer.getLayers().length) map.fitBounds(layer.getBounds()); else map.setView([43.2, 77.0], 10);
    return layer;
  }

  if (config.mode === "pick") {
    var box = null, first = null;
    var hint = L.control({ position: "bottomleft" });
    hint.onAdd = function () { var d = L.DomUtil.create("div", "leaflet-bar"); d.style.background = "#fff"; d.style.padding = "4px"; d.textContent = t.area; return d; };
    hint.addTo(map);
    var draw = function () {
      var w = parseFloat(field("west").value), s = parseFloat(field("south").value), e = parseFloat(field("east").value), n = parseFloat(field("north").value);
      if ([w, s, e, n].some(isNaN)) return;
      var bounds = [[s, w], [n, e]];
      if (box) box.setBounds(bounds); else box = L.rectangle(bounds, { color: "#7c3aed", weight: 2 }).addTo(map);
    };
    ["west", "south", "east", "north"].forEach(function (n) { if (field(n)) field(n).addEventListener("change", draw); });
    map.on("click", function (event) {
      if (!first) { first = event.latlng; return; }
      var a = first, b = event.latlng; first = null;
      field("west").value = number(Math.min(a.lng, b.lng), 4); field("east").value = number(Math.max(a.lng, b.lng), 4);
      field("south").value = number(Math.min(a.lat, b.lat), 4); field("north").value = number(Math.max(a.lat, b.lat), 4);
      draw();
    });
    draw();
    if (box) map.fitBounds(box.getBounds().pad(0.5)); else map.setView([43.2, 77.0], 9);
  } else if (config.result) {
    showFeatures(config.result);
  } else {
    map.setView([43.2, 77.0], 9);
  }
  // Place names (GeoNames): labelled dots, fetched as GeoJSON (the CSP forbids inline data scripts).
  if (config.places && window.fetch) {
    fetch(config.places).then(function (r) { return r.ok ? r.json() : null; }).then(function (collection) {
      if (!collection) return;
      var places = L.geoJSON(collection, {
        pointToLayer: function (f, latlng) {
          var big = f.properties.population >= 100000;
          return L.circleMarker(latlng, { radius: big ? 4 : 2.5, color: "#111827", weight: 1, fillOpacity: 0.9 })
            .bindTooltip(f.properties.name, { permanent: true, direction: "right", className: "place-label" + (big ? " big" : "") });
        }
      }).addTo(map);
      overlays.addOverlay(places, t.places);
      window.alatauPlaces = places;
    });
  }
  window.alatauMap = map;
})();
