/* Small improvements on top of pages that work without JavaScript. */
(function () {
  "use strict";

  /* A form that came back with errors: move focus to its summary, so it is read out and the
     links to each field are the next thing a keyboard user reaches. */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  /* Listing filters fold behind their summary on narrow screens. Without this script the
     panel is rendered open, so every filter stays reachable. */
  var panels = document.querySelectorAll("details.filters-panel");
  if (!panels.length || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 64em)");
  Array.prototype.forEach.call(panels, function (panel) {
    if (!wide.matches) panel.open = false;
  });
  // The summary is hidden on wide screens, so a folded panel must open when there is room.
  var unfold = function () {
    if (!wide.matches) return;
    Array.prototype.forEach.call(panels, function (panel) { panel.open = true; });
  };
  if (wide.addEventListener) wide.addEventListener("change", unfold);
})();
