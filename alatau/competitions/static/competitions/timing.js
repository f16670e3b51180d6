// The timing page: reloads the impulse tables every 2 s, unless the timekeeper is typing a bib.
(function () {
  "use strict";
  var root = document.getElementById("timing-live");
  if (!root) { return; }
  var url = root.getAttribute("data-url");
  function typing() { var a = document.activeElement; return a && root.contains(a) && a.tagName === "INPUT" && a.value; }
  function refresh() {
    if (typing()) { return; }
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && !typing()) { root.innerHTML = html; } })
      .catch(function () {});
  }
  setInterval(refresh, 2000);
})();
