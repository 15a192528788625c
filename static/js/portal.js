// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // The idle-session countdown and the warning a few minutes before sign-out.
  function sessionTimer(root) {
    var remaining = parseInt(root.dataset.remaining, 10);
    var warning = parseInt(root.dataset.warning, 10);
    var countdown = root.querySelector("[data-countdown]");
    var wrap = root.querySelector(".countdown-wrap");
    var panel = root.querySelector("[data-session-warning]");
    var form = root.querySelector("[data-keepalive]");
    if (isNaN(remaining) || !countdown) return;
    var deadline = Date.now() + remaining * 1000;
    wrap.hidden = false;

    function show(seconds) {
      var m = Math.floor(seconds / 60), s = seconds % 60;
      countdown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    }
    function sync(data) {
      if (!data.authenticated || data.remaining <= 0) {
        window.location.href = root.dataset.timeoutUrl;
        return;
      }
      deadline = Date.now() + data.remaining * 1000;
      panel.hidden = true;
    }
    function tick() {
      var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      show(seconds);
      if (seconds <= warning && panel.hidden) {
        panel.hidden = false;
        countdown.setAttribute("aria-live", "polite");
        var button = panel.querySelector("button");
        if (button) button.focus();
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
        .then(function (data) { sync(data); countdown.setAttribute("aria-live", "off"); });
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-session-timer]").forEach(sessionTimer);
    document.querySelectorAll("[data-shown-unless]").forEach(organisationFields);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
