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

// A "Copy" button beside a read-only field (data-copy="field id"): shown only where the script
// runs and the clipboard is available; without them the field itself can be selected and copied.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field || !navigator.clipboard) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = button.getAttribute("data-copied");
    });
  });
});
