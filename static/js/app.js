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

  // A form being sent says so and cannot be sent twice by a double click.
  // The button is disabled only after the browser has read the form (a
  // disabled button's name and value would not be sent). The server stores a
  // form once anyway; this spares the wait and the doubt.
  var SUBMITS = "button[type=submit], button:not([type]), input[type=submit]";
  var sendingLabel = document.documentElement.getAttribute("data-sending") || "Sending…";

  function setSending(form, sending) {
    form.querySelectorAll(SUBMITS).forEach(function (button) {
      if (sending) {
        if (!button.hasAttribute("data-label")) {
          button.setAttribute("data-label", button.tagName === "INPUT" ? button.value : button.textContent);
        }
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        if (button.tagName === "INPUT") { button.value = sendingLabel; } else { button.textContent = sendingLabel; }
      } else if (button.hasAttribute("data-label")) {
        var label = button.getAttribute("data-label");
        if (button.tagName === "INPUT") { button.value = label; } else { button.textContent = label; }
        button.removeAttribute("data-label");
        button.removeAttribute("aria-busy");
        button.disabled = false;
      }
    });
    if (sending) { form.setAttribute("data-sending", ""); } else { form.removeAttribute("data-sending"); }
  }

  // Files over what one form may send would be refused whole by the server, and
  // what the person typed with them lost: say so before sending, and keep the page.
  var root = document.documentElement;
  var requestMax = parseInt(root.getAttribute("data-request-max-bytes") || "0", 10);
  var MEGABYTE = 1024 * 1024;

  function chosenBytes(form) {
    var total = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    return total;
  }

  function sayTooLarge(form, total) {
    var message = (root.getAttribute("data-too-large") || "")
      .replace("{size}", (total / MEGABYTE).toFixed(1))
      .replace("{limit}", String(Math.round(requestMax / MEGABYTE)));
    var note = form.querySelector(".upload-too-large");
    if (!note) {
      note = document.createElement("p");
      note.className = "error upload-too-large";
      note.setAttribute("role", "alert");
      var input = form.querySelector("input[type=file]");
      input.parentNode.insertBefore(note, input.nextSibling);
    }
    note.textContent = message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!requestMax || event.defaultPrevented || !form.querySelector("input[type=file]")) { return; }
    var total = chosenBytes(form);
    if (total > requestMax) {
      event.preventDefault();
      sayTooLarge(form, total);
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-sending")) {
      event.preventDefault();  // the second click of a double click
      return;
    }
    form.setAttribute("data-sending", "");
    window.setTimeout(function () { setSending(form, true); }, 0);
    // A POST that answers with a download leaves this page in place: let it be sent again.
    window.setTimeout(function () { setSending(form, false); }, 15000);
  });

  // Back to a page from the browser's memory: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-sending]").forEach(function (form) { setSending(form, false); });
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

// Packet builder: choosing a recipient fills in its address (still editable).
(function () {
  "use strict";
  document.querySelectorAll("[data-packet-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=recipient_kind]");
    var recipient = form.querySelector("textarea[name=recipient]");
    if (!kind || !recipient) { return; }
    var cover = form.querySelector("textarea[name=cover_text]");
    var greetings = Array.prototype.map.call(form.querySelectorAll("template[data-salutation]"), function (t) {
      return t.getAttribute("data-salutation") + ":";
    });
    kind.addEventListener("change", function () {
      var preset = form.querySelector('template[data-preset="' + kind.value + '"]');
      if (!preset) { return; }
      if (preset.innerHTML.trim()) {
        recipient.value = preset.content ? preset.content.textContent : preset.textContent;
      }
      // Change the greeting too, if it is still one of ours.
      if (cover) {
        var lines = cover.value.split("\n");
        if (greetings.indexOf(lines[0].trim()) !== -1) {
          lines[0] = preset.getAttribute("data-salutation") + ":";
          cover.value = lines.join("\n");
        }
      }
    });
  });
})();
