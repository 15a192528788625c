// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Every same-origin request the page makes in the background (autosave, uploads) counts as
  // activity on the server, which says in X-Session-Remaining how long is left; handing that
  // to the countdown keeps it true while the person works without changing page.
  function noteSession(response) {
    var remaining = response && response.headers && response.headers.get("X-Session-Remaining");
    if (remaining !== null && remaining !== undefined && remaining !== "") {
      document.dispatchEvent(new CustomEvent("portal:session-activity",
        {detail: {remaining: parseInt(remaining, 10)}}));
    }
    return response;
  }
  window.portal = window.portal || {};
  window.portal.noteSession = noteSession;

  // The idle-session countdown and the warning a few minutes before sign-out. The warning
  // never takes the focus (the person may be typing): it appears beside the countdown and is
  // announced politely to screen readers.
  function sessionTimer(root) {
    var remaining = parseInt(root.dataset.remaining, 10);
    var warning = parseInt(root.dataset.warning, 10);
    var countdown = root.querySelector("[data-countdown]");
    var wrap = root.querySelector(".countdown-wrap");
    var panel = root.querySelector("[data-session-warning]");
    var announce = root.querySelector("[data-session-announce]");
    var form = root.querySelector("[data-keepalive]");
    if (isNaN(remaining) || !countdown) return;
    var deadline = Date.now() + remaining * 1000;
    wrap.hidden = false;

    function show(seconds) {
      var m = Math.floor(seconds / 60), s = seconds % 60;
      countdown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    }
    function hideWarning() {
      panel.hidden = true;
      if (announce) announce.textContent = "";
    }
    function sync(data) {
      if (!data.authenticated || data.remaining <= 0) {
        window.location.href = root.dataset.timeoutUrl;
        return;
      }
      deadline = Date.now() + data.remaining * 1000;
      hideWarning();
    }
    document.addEventListener("portal:session-activity", function (event) {
      var seconds = event.detail && event.detail.remaining;
      if (typeof seconds === "number" && !isNaN(seconds) && seconds > 0) {
        deadline = Date.now() + seconds * 1000;
        hideWarning();
      }
    });
    function tick() {
      var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      show(seconds);
      if (seconds === 10) document.dispatchEvent(new Event("portal:before-timeout"));
      if (seconds <= warning && seconds > 0 && panel.hidden) {
        panel.hidden = false;
        if (announce) announce.textContent = panel.dataset.announcement || "";
      }
      if (seconds === 0) {
        // Another tab may have kept the session alive: ask before leaving.
        fetch(root.dataset.statusUrl, {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (data) { sync(data); window.setTimeout(tick, 1000); })
          .catch(function () { window.location.href = root.dataset.timeoutUrl; });
        return;
      }
      window.setTimeout(tick, 1000);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {method: "POST", credentials: "same-origin",
                          headers: {"X-CSRFToken": csrfToken()}})
        .then(function (r) { return r.json(); })
        .then(sync);
    });
    tick();
  }

  // Sign-up: show the organisation fields only for employers, agencies and schools.
  function organisationFields(section) {
    var form = section.closest("form");
    var hiddenFor = section.dataset.shownUnless;
    function update() {
      var checked = form.querySelector("input[name=account_type]:checked");
      section.hidden = !checked || checked.value === hiddenFor;
    }
    form.querySelectorAll("input[name=account_type]").forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  // Switching language reloads the page: carry over what was typed in its forms (never
  // passwords or tokens), so that nothing is lost.
  var CARRY_KEY = "portal:carry:" + window.location.pathname;
  function carryFormsAcrossLanguageSwitch(switchForm) {
    switchForm.addEventListener("submit", function () {
      var values = [];
      document.querySelectorAll("main form").forEach(function (form, formIndex) {
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name || el.type === "password" || el.type === "hidden" || el.type === "file" ||
              el.type === "submit" || el.type === "button") return;
          if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
          values.push([formIndex, el.name, el.type, el.value]);
        });
      });
      try { window.sessionStorage.setItem(CARRY_KEY, JSON.stringify(values)); } catch (e) { /* private mode */ }
    });
  }
  function restoreCarriedForms() {
    var raw;
    try { raw = window.sessionStorage.getItem(CARRY_KEY); window.sessionStorage.removeItem(CARRY_KEY); }
    catch (e) { return; }
    if (!raw) return;
    var forms = document.querySelectorAll("main form");
    JSON.parse(raw).forEach(function (entry) {
      var form = forms[entry[0]];
      if (!form) return;
      var fields = form.querySelectorAll("[name='" + entry[1].replace(/'/g, "") + "']");
      fields.forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.value === entry[3]) { el.checked = true; el.dispatchEvent(new Event("change")); }
        } else if (el.type === entry[2] || el.tagName !== "INPUT") {
          el.value = entry[3];
        }
      });
    });
  }

  // Drafts save themselves: every change (and a pause in typing) posts the section to the
  // same URL with X-Autosave; the server stores the values as typed and answers with the
  // time and any field errors. Before the idle time-out signs the user out, one more save.
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null, pending = false, inFlight = false;
    function save() {
      if (inFlight) { pending = true; return Promise.resolve(); }
      inFlight = true;
      var data = new FormData(form);
      data.delete("goto");
      return fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-Autosave": "1", "X-CSRFToken": csrfToken()}
      }).then(noteSession).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) throw new Error(body.error || r.status);
          return body;
        });
      }).then(function (result) {
        if (status) status.textContent = form.dataset.savedText + " " + result.saved_at;
      }).catch(function (error) {
        if (status) {
          status.textContent = (error && error.message && isNaN(error.message))
            ? error.message : form.dataset.errorText;
        }
      }).then(function () {
        inFlight = false;
        if (pending) { pending = false; save(); }
      });
    }
    form.addEventListener("change", function () { window.clearTimeout(timer); save(); });
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 1500);
    });
    document.addEventListener("portal:before-timeout", function () { save(); });
  }

  // A select whose options belong to a choice in another select (district of a county,
  // criterion of a field): only the chosen parent's options are offered. Without JavaScript
  // all are shown, grouped, and the server checks that the two agree.
  function dependentSelect(select) {
    var parent = select.form && select.form.elements[select.dataset.dependsOn];
    if (!parent) return;
    function update() {
      var chosen = parent.value;
      Array.prototype.forEach.call(select.querySelectorAll("option[data-parent]"), function (option) {
        var fits = !chosen || option.dataset.parent === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) select.value = "";
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    }
    parent.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-depends-on]").forEach(dependentSelect);
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll(".language-switch").forEach(carryFormsAcrossLanguageSwitch);
    restoreCarriedForms();
    document.querySelectorAll("[data-session-timer]").forEach(sessionTimer);
    document.querySelectorAll("[data-shown-unless]").forEach(organisationFields);
    // The hand-over to a payment gateway: a form that sends itself (its button stays for
    // browsers without JavaScript).
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) { form.submit(); });
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
