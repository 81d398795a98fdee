// Running total of a member's score sheet (per part and overall), so the member sees the
// band while ticking. The server recomputes everything; this is only a display aid.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  var out = document.getElementById("score-total");
  if (!form || !out) return;
  function update() {
    var parts = form.querySelectorAll("fieldset[data-part]");
    var total = 0;
    var texts = [];
    parts.forEach(function (part) {
      var sum = 0;
      part.querySelectorAll("input[type=radio]:checked").forEach(function (r) {
        sum += parseFloat(r.value) || 0;
      });
      total += sum;
      texts.push(part.dataset.part + ": " + sum + "/" + part.dataset.max);
    });
    var unanswered = form.querySelectorAll("fieldset.ocop-criterion").length -
      form.querySelectorAll("fieldset.ocop-criterion input[type=radio]:checked").length;
    out.textContent = texts.join(" · ") + " — " + out.dataset.label + " " + total +
      (unanswered > 0 ? " (" + out.dataset.missing.replace("%s", unanswered) + ")" : "");
  }
  form.addEventListener("change", update);
  update();
})();
