// Progressive enhancement for the episode page: while a video is being analysed, ask the
// server for its status every 2 seconds, show the progress, and reload once it is done.
// Without JavaScript a <noscript> meta refresh reloads the page every 5 seconds instead.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-recording-id]");
  var pending = [];
  boxes.forEach(function (box) {
    var s = box.getAttribute("data-status");
    if (s === "queued" || s === "running") { pending.push(box.getAttribute("data-recording-id")); }
  });
  if (!pending.length || !window.fetch) { return; }
  var root = document.documentElement.getAttribute("data-root-path") || "";
  var tries = 0;
  function poll() {
    tries += 1;
    Promise.all(pending.map(function (id) {
      return fetch(root + "/recordings/" + encodeURIComponent(id) + "/status", {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : null; });
    })).then(function (items) {
      var finished = false;
      items.forEach(function (item) {
        if (!item) { return; }
        var bar = document.getElementById("progress-" + item.id);
        if (bar) { bar.value = Math.round(item.progress * 100); bar.textContent = bar.value + "%"; }
        if (item.status === "done" || item.status === "failed") { finished = true; }
      });
      if (finished) { window.location.reload(); }
      else if (tries < 900) { window.setTimeout(poll, 2000); }
    }).catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
