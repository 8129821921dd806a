// Upload progress for the video forms (progressive enhancement). Without JavaScript the form is
// sent as usual. With it, the form goes by XMLHttpRequest so the bytes sent can be shown; the
// server's answer is then shown as it would have been (its redirect followed, or its page with
// the error messages). If the connection drops, the page says so and the answers stay.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData) { return; }
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var box = form.querySelector(".upload-progress");
    if (!input || !box) { return; }
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-upload-text]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      if (!input.files || !input.files.length) { return; }  // nothing to show: send normally
      event.preventDefault();
      var size = input.files[0].size;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "text/html");
      box.hidden = false;
      if (button) { button.disabled = true; }
      function say(message) { if (text) { text.textContent = message; } }
      say("Uploading the video… 0%");
      xhr.upload.addEventListener("progress", function (e) {
        var total = e.lengthComputable ? e.total : size;
        var pct = total ? Math.min(100, Math.round((e.loaded / total) * 100)) : 0;
        bar.value = pct;
        bar.textContent = pct + "%";
        say("Uploading the video… " + pct + "% (" + (e.loaded / 1048576).toFixed(1) + " of " +
          (total / 1048576).toFixed(1) + " MB)");
      });
      xhr.upload.addEventListener("load", function () { say("Video sent. Saving…"); });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      function failed() {
        if (button) { button.disabled = false; }
        bar.value = 0;
        box.classList.add("field-error");
        say("The upload stopped: the connection was lost before the video was sent. Nothing " +
          "from this form was saved yet, and your answers are still here. Try again, on Wi-Fi " +
          "if you can.");
      }
      xhr.addEventListener("error", failed);
      xhr.addEventListener("abort", failed);
      xhr.addEventListener("timeout", failed);
      xhr.send(new FormData(form));
    });
  });
})();
