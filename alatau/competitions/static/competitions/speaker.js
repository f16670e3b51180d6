// Alatau speaker view: the live JSON of the race (the live page's endpoint), polled every second
// with If-None-Match; a 304 leaves the screen as it is.
(function () {
  "use strict";
  var root = document.getElementById("speaker");
  if (!root) { return; }
  var url = root.getAttribute("data-url");
  var etag = null;

  function part(name) { return root.querySelector('[data-speaker="' + name + '"]'); }
  function who(c) { return c ? c.bib + " " + c.name + " (" + c.nation + ")" : root.getAttribute("data-none"); }
  function fill(list, items, text) {
    list.textContent = "";
    (items.length ? items : [null]).forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item ? text(item) : root.getAttribute("data-none");
      list.appendChild(li);
    });
  }

  function show(data) {
    part("run").textContent = data.run;
    if (data.official) { part("state").textContent = root.getAttribute("data-official"); }
    var last = data.last_finishers[0];
    part("last-who").textContent = who(last);
    part("last-rank").textContent = last ? last.rank + "." : "";
    part("last-time").textContent = last ? last.shown : "";
    part("last-run").textContent = last ? last.run_time_shown + " (" + last.run_rank + ".)" : root.getAttribute("data-none");
    part("last-gap").textContent = last ? (last.behind_shown || root.getAttribute("data-leads")) : root.getAttribute("data-none");
    part("leader").textContent = data.leader ? who(data.leader) + " " + data.leader.shown : root.getAttribute("data-none");
    fill(part("on-course"), data.on_course, who);
    fill(part("next"), data.next_starters, who);
    fill(part("podium"), data.standings.slice(0, 3), function (line) {
      return who(line) + " " + line.shown + (line.behind_shown ? " " + line.behind_shown : "");
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
      .catch(function () { /* the network dropped for a moment: the next second tries again */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
}());
