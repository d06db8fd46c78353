// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Select a one-time link when it gets focus, ready to copy.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  // On the timeline form, show the decision fields only for decisions.
  document.querySelectorAll("[data-event-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    var decision = form.querySelector("[data-decision-fields]");
    if (!kind || !decision) { return; }
    var sync = function () {
      var isDecision = kind.value === "decision";
      var hasError = decision.querySelector(".has-error");
      decision.hidden = !isDecision && !hasError;
    };
    kind.addEventListener("change", sync);
    sync();
  });

  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
