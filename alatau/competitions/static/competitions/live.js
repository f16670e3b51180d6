// Alatau live results: polls the race's live JSON every second with If-None-Match (no third party).
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var url = root.getAttribute("data-url");
  var etag = null;

  function part(name) { return root.querySelector('[data-live="' + name + '"]'); }
  function who(c) { return c ? c.bib + " " + c.name + " (" + c.nation + ")" : "—"; }
  function list(items) { return items.length ? items.map(who).join(" · ") : "—"; }
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); }

  function show(data) {
    part("run").textContent = data.run;
    if (data.official) { part("state").textContent = root.getAttribute("data-official"); }
    part("leader").textContent = data.leader ? who(data.leader) + " " + data.leader.shown : "—";
    part("on_course").textContent = list(data.on_course);
    part("next").textContent = list(data.next_starters);
    var last = part("last");
    if (last) {
      var l = data.last_finishers[0];
      last.textContent = l ? who(l) + " — " + l.rank + ". " + l.shown + " " + l.behind_shown : "—";
    }
    var body = part("standings");
    body.textContent = "";
    data.standings.forEach(function (line) {
      var row = document.createElement("tr");
      [line.rank, line.bib, line.name, line.nation, line.shown, line.behind_shown].forEach(function (t) { cell(row, t); });
      body.appendChild(row);
    });
    data.not_classified.forEach(function (line) {
      var row = document.createElement("tr");
      [line.status, line.bib, line.name, line.nation, "", ""].forEach(function (t) { cell(row, t); });
      body.appendChild(row);
    });
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-cache" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(show);
        }
      })
      .catch(function () { /* offline for a moment: try again next second */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
}());
