// Study page: poll the study's status while it is queued or running; reload once it has finished.
(function () {
  var job = document.getElementById("job");
  if (!job || ["queued", "running"].indexOf(job.dataset.status) < 0) return;
  var bar = document.getElementById("study-progress");
  var percent = document.getElementById("study-percent");
  function poll() {
    fetch(job.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.progress;
        bar.textContent = s.progress + " %";
        percent.textContent = s.progress + " %";
        if (s.status !== job.dataset.status && ["done", "failed", "cancelled"].indexOf(s.status) >= 0) {
          window.location.reload();
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
