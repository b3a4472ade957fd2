/* The day of the session: after htmx swaps the invigilator's list, focus stays
   where it was (the same button), or goes to the candidate just acted upon,
   or to the list's caption. Pages work without this script. */
(function () {
  "use strict";
  var remembered = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var list = document.getElementById("liste");
    var active = document.activeElement;
    if (!list || event.detail.target !== list) { return; }
    remembered = active && list.contains(active) ? (active.id || "liste-titre") : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = document.getElementById("liste");
    if (!list || event.detail.target !== list || remembered === null) { return; }
    var target = document.getElementById(remembered) ||
      list.querySelector("[data-focus]") || document.getElementById("liste-titre");
    remembered = null;
    if (target) { target.focus(); }
  });
}());
