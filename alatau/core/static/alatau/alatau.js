// Behaviour of every page, kept out of the HTML: the Content-Security-Policy allows no inline script.
// A select marked data-submit-on-change (the language switcher) submits its form when it changes.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
