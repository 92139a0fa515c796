// Dyad's only script: after htmx swaps new content in, move keyboard and screen-reader focus to
// the element marked data-autofocus (a results heading), so nobody is left at a vanished button.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.target;
  // An outerHTML swap replaces the target itself: then look in the page it left behind.
  var scope = target && target.isConnected ? target : document;
  var focus = scope.querySelector("[data-autofocus]");
  if (focus) {
    focus.focus();
  }
});
