// Behaviour of every page, kept out of the HTML: the Content-Security-Policy allows no inline script.
// A select marked data-submit-on-change (the language switcher) submits its form when it changes.
// A checkbox marked data-tick-all="SELECTOR" ticks or clears every checkbox the selector names.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("input[data-tick-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(all.dataset.tickAll).forEach(function (box) { box.checked = all.checked; });
    });
  });
});
