// wspólnie: small enhancements on top of pages that work without JavaScript.
// 1. Draft forms (form[data-autosave]) save themselves every 20 s after a change, so nothing
//    typed is lost on a refresh or a lost connection; a live region says when it was saved.
// 2. Budget rows (input[data-budget-amount]) show their running total as you type.
(function () {
  "use strict";

  function parseAmount(text) {
    var t = (text || "").replace(/\s|\u00a0|zł|zl/gi, "").replace(",", ".");
    if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
    return Math.round(parseFloat(t) * 100);
  }

  function formatAmount(grosze) {
    var zl = Math.floor(grosze / 100), gr = grosze % 100;
    var s = String(zl).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return s + "," + (gr < 10 ? "0" : "") + gr + "\u00a0zł";
  }

  document.querySelectorAll("[data-budget-total]").forEach(function (out) {
    var form = out.closest("form");
    function update() {
      var sum = 0;
      form.querySelectorAll("input[data-budget-amount]").forEach(function (i) {
        var v = parseAmount(i.value);
        if (v !== null) sum += v;
      });
      out.textContent = formatAmount(sum);
    }
    form.addEventListener("input", update);
    update();
  });

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false, saving = false;
    form.addEventListener("input", function () { dirty = true; });
    setInterval(function () {
      if (!dirty || saving) return;
      dirty = false;
      saving = true;
      var data = new URLSearchParams(new FormData(form));
      data.set("action", "save");
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" } })
        .then(function (r) {
          // A new draft's first save answers where the next saves go (its edit form).
          var next = r.headers.get("X-Autosave-Action");
          if (r.ok && next) {
            form.action = next;
            if (window.history && history.replaceState) history.replaceState(null, "", next);
          }
          if (status) {
            var now = new Date();
            var hh = String(now.getHours()).padStart(2, "0"), mm = String(now.getMinutes()).padStart(2, "0");
            status.textContent = (r.ok ? status.dataset.saved : status.dataset.failed) + " " + hh + ":" + mm;
          }
        })
        .catch(function () {
          dirty = true;
          if (status) status.textContent = status.dataset.failed;
        })
        .finally(function () { saving = false; });
    }, 20000);
  });
})();
