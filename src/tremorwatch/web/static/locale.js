// Fill the hidden time-zone field (and the country, when the page could not tell it) from the
// browser. Without JavaScript the server's guess stays: the country from Accept-Language, UTC.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  document.querySelectorAll("input[data-fill='timezone']").forEach(function (input) {
    if (!input.value && zone) { input.value = zone; }
  });
  document.querySelectorAll("select[data-fill='timezone']").forEach(function (select) {
    if (select.dataset.chosen !== "1" && zone) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.selectedIndex = i; break; }
      }
    }
  });
  var region = "";
  try {
    var tag = (navigator.languages && navigator.languages[0]) || navigator.language || "";
    var parts = tag.split("-");
    for (var j = 1; j < parts.length; j++) {
      if (parts[j].length === 2) { region = parts[j].toUpperCase(); break; }
    }
  } catch (e) { region = ""; }
  document.querySelectorAll("select[data-fill='country']").forEach(function (select) {
    if (select.dataset.guessed === "1" || !region) { return; }
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === region) { select.selectedIndex = i; break; }
    }
  });
})();
