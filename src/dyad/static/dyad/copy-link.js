// "Copy the link" beside a rater's link (applications/_reference_status.html): copies the text of
// the input named by data-copy-target and says so in the button's live status next to it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) {
    return;
  }
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  var status = document.getElementById(button.getAttribute("data-copy-status"));
  if (!input) {
    return;
  }
  input.select();
  var done = function () {
    if (status) {
      status.textContent = button.getAttribute("data-copied");
    }
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(done, function () {
      document.execCommand("copy");
      done();
    });
  } else {
    document.execCommand("copy");
    done();
  }
});
