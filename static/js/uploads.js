// Uploads without a page reload. Progressive enhancement only: without this file a slot's
// form posts the page, and the answer comes back at the slot (#slot-<code>).
//
// With it, the form of a slot ([data-upload-slot]) is posted with fetch and the header
// X-Requested-With: fetch; the server answers with the slot's markup alone (marked by the
// X-Slot-Fragment header), which replaces the slot in place. Focus stays at the slot and
// the outcome is announced politely. Any other answer (a sign-in page after a time-out, a
// proxy's error) sends the form the ordinary way instead, so nothing is shown half-done.
(function () {
  "use strict";

  var announcer = null;

  function announce(text) {
    if (!announcer || !text) return;
    // Emptied first, so that the same message twice in a row is read twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  function postPlainly(form, submitter) {
    // form.submit() leaves out the button that was pressed; the server needs its value.
    if (submitter && submitter.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    form.submit();
  }

  function enhance(form) {
    form.addEventListener("submit", function (event) {
      var slot = form.closest("[data-upload-slot]");
      if (!slot || !window.fetch || !window.FormData) return;
      event.preventDefault();
      if (slot.getAttribute("aria-busy") === "true") return;  // a double click
      // Browsers without event.submitter: the slot's form has one submit button.
      var submitter = event.submitter || form.querySelector("button[type=submit]");
      var data = new FormData(form);
      if (submitter && submitter.name) data.set(submitter.name, submitter.value);
      slot.setAttribute("aria-busy", "true");
      var replaced = false;
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-Requested-With": "fetch"}
      }).then(function (response) {
        // An upload is activity: the idle countdown re-syncs from the server's answer.
        if (window.portal && window.portal.noteSession) window.portal.noteSession(response);
        if (!response.headers.get("X-Slot-Fragment")) throw new Error("not a slot");
        return response.text();
      }).then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector("[data-upload-slot]");
        if (!fresh) throw new Error("not a slot");
        slot.replaceWith(fresh);
        replaced = true;
        fresh.querySelectorAll("form.upload").forEach(enhance);
        var errors = fresh.querySelector(".slot-errors");
        announce(errors ? errors.textContent.trim() : fresh.getAttribute("data-announce"));
        var input = fresh.querySelector("input[type=file]");
        (input || fresh).focus();
      }).catch(function () {
        if (replaced) return;  // the upload went through; only the finishing touches failed
        slot.removeAttribute("aria-busy");
        postPlainly(form, submitter);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("[data-upload-slot] form.upload");
    if (!forms.length) return;
    // The live region exists before anything is said in it, or screen readers miss it.
    announcer = document.createElement("div");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    announcer.setAttribute("data-upload-announcer", "");
    document.body.appendChild(announcer);
    forms.forEach(enhance);
  });
})();
