// Dyad's only script. Every page works without it; with it:
// - after htmx swaps new content in, keyboard and screen-reader focus moves to the element marked
//   data-autofocus, else to the first field with an error, else (a save that moved to another
//   page) to <main>, so nobody is left at a vanished button;
// - live regions marked data-announce that came with the swap are read out (a region inserted
//   with its words already in it is not announced by screen readers);
// - forms marked data-draft="<key>" keep a copy of what is typed in this browser's storage, and
//   bring it back after a reload or a lost connection (see restoreDraft).
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // An outerHTML swap replaces the target itself: then look in the page it left behind.
    var scope = target && target.isConnected ? target : document;
    var focus =
      scope.querySelector("[data-autofocus]") ||
      scope.querySelector('[aria-invalid="true"], .is-invalid');
    if (!focus && scope === document && target && target.id === "main") {
      focus = document.getElementById("main");
    }
    if (focus) {
      focus.focus();
    }
    scope.querySelectorAll("[data-announce]").forEach(function (region) {
      var nodes = Array.prototype.slice.call(region.childNodes);
      region.replaceChildren();
      window.setTimeout(function () {
        region.replaceChildren.apply(region, nodes);
      }, 100);
    });
    initDrafts(document);
  });

  // -- drafts kept in the browser ---------------------------------------------------------------
  // Stored under the form's data-draft key: {at: ms, base: the saved entry's state, fields}.
  // Never a password, a file, the CSRF token or any hidden field but the form's `key` (which
  // makes a retried save add once).

  var DELAY = 300;
  var signingOut = false;

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage turned off: the server's draft still works
    }
  }

  function kept(element) {
    if (!element.name || element.disabled) return false;
    var type = (element.type || "").toLowerCase();
    if (type === "password" || type === "file" || type === "submit" || type === "button") {
      return false;
    }
    if (element.name === "csrfmiddlewaretoken") return false;
    if (type === "hidden") return element.name === "key";
    return true;
  }

  function read(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) return;
      var values = fields[element.name] || (fields[element.name] = []);
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (element.checked) values.push(element.value);
      } else if (element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return fields;
  }

  function write(form, fields) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element) || !(element.name in fields)) return;
      var values = fields[element.name];
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        element.value = values.length ? values[0] : "";
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function load(key) {
    var store = storage();
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      store.removeItem(key);
      return null;
    }
  }

  function save(form) {
    var store = storage();
    // Not once the form is saved (a late keystroke's timer) or swapped away.
    if (!store || signingOut || form.dataset.draftDone || !form.isConnected) return;
    var at = Date.now();
    form.dataset.draftTyped = String(at);
    try {
      store.setItem(
        form.dataset.draft,
        JSON.stringify({ at: at, base: form.dataset.draftBase, fields: read(form) })
      );
    } catch (e) {
      // storage full: the server's draft still works
    }
  }

  function forget(key) {
    var store = storage();
    if (store) store.removeItem(key);
  }

  // Bring the copy back when it is of the same saved entry and newer than the server's draft,
  // unless the form came back from the server with what was typed (an error) or the person
  // asked for a fresh form.
  function restoreDraft(form) {
    if (new URLSearchParams(window.location.search).has("fresh")) {
      forget(form.dataset.draft);
      return;
    }
    if (form.hasAttribute("data-draft-bound")) return;
    var draft = load(form.dataset.draft);
    if (!draft || draft.base !== form.dataset.draftBase || !draft.fields) return;
    if (draft.at <= Number(form.dataset.draftAt || 0)) return;
    if (same(draft.fields, read(form))) return;
    write(form, draft.fields);
    var notice = document.querySelector("[data-draft-notice]");
    if (notice) notice.hidden = false;
  }

  function initDrafts(root) {
    root.querySelectorAll("form[data-draft]").forEach(function (form) {
      if (form.dataset.draftReady) return;
      form.dataset.draftReady = "1";
      restoreDraft(form);
      var timer = null;
      var typed = function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          save(form);
        }, DELAY);
      };
      form.addEventListener("input", typed);
      form.addEventListener("change", typed);
    });
    root.querySelectorAll("[data-draft-discard]").forEach(function (link) {
      if (link.dataset.draftReady) return;
      link.dataset.draftReady = "1";
      link.addEventListener("click", function () {
        var form = document.querySelector("form[data-draft]");
        if (form) forget(form.dataset.draft);
      });
    });
  }

  // The server's draft records when it was typed by this browser's clock, so the two compare.
  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (element && element.hasAttribute("data-draft-post")) {
      event.detail.parameters.draft_at = String(Date.now());
    }
  });

  // A save that worked (the server answers with where to go next) clears the copy.
  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!element || !element.matches || !element.matches("form[data-draft]")) return;
    if (xhr && xhr.status < 400 && xhr.getResponseHeader("HX-Location")) {
      element.dataset.draftDone = "1";
      forget(element.dataset.draft);
    }
  });

  // Signing out forgets every copy kept in this browser (a shared computer keeps nobody's typing).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var store = storage();
    if (!store || !form.action || new URL(form.action).pathname !== "/accounts/logout/") return;
    signingOut = true; // a copy waiting to be written (the field just left) is not written
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf("dyad-draft:") === 0) store.removeItem(key);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initDrafts(document);
    });
  } else {
    initDrafts(document);
  }
})();

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
