// "Copy link" buttons: shown only when JavaScript runs (the field can still be selected by hand).
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.querySelector("[data-copied-for='" + button.dataset.copy + "']");
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(ok) {
        if (status) {
          status.textContent = ok ? "Copied. Paste it into a message to the clinician."
            : "Could not copy: select the link and copy it by hand.";
        }
      }
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done(true); },
          function () { done(document.execCommand && document.execCommand("copy")); });
      } else {
        done(document.execCommand && document.execCommand("copy"));
      }
    });
  });
})();
