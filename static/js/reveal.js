// Progressive enhancement: a field asked only after a given answer (an explanation after
// "yes", portal.cases.widgets.reveal_when) stays hidden until that answer is chosen. Without
// this file every such field is shown, below its question, saying when it is needed; the
// server requires it exactly after that answer either way.
(function () {
  "use strict";

  function reveal(box) {
    var form = box.closest("form");
    if (!form) return;
    var wanted = box.dataset.revealValue;
    var controls = form.querySelectorAll("[name='" + box.dataset.revealedBy.replace(/'/g, "") + "']");
    if (!controls.length) return;
    function answer() {
      for (var i = 0; i < controls.length; i++) {
        var el = controls[i];
        if ((el.type === "radio" || el.type === "checkbox") ? el.checked : true) return el.value;
      }
      return "";
    }
    function update() { box.hidden = answer() !== wanted; }
    Array.prototype.forEach.call(controls, function (el) {
      // The answer that reveals the box says which box it controls.
      if (el.value === wanted && box.id) el.setAttribute("aria-controls", box.id);
      el.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-revealed-by]").forEach(reveal);
  });
})();
