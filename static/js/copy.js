// Copy buttons beside the links a person passes on (invitation and set-up links,
// calendar addresses). Without this script the button stays hidden and the link
// is still selectable text. The "Copied" text comes from the page (data-copied-label).
(function () {
  "use strict";

  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      if (document.execCommand && document.execCommand("copy")) { resolve(); } else { reject(); }
    });
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = ""; }
      copy(input).then(function () {
        var copied = button.getAttribute("data-copied-label");
        button.textContent = copied;
        if (status) { status.textContent = copied; }  // heard by screen readers, also on a second copy
      }, function () {
        // The browser refused: leave the link selected for the person to copy.
        input.focus();
        input.select();
      });
    });
  });
})();
