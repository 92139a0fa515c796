// The exam page (exams/sitting/exam.html). Without this script every question is on the page at
// once and the navigator links jump to them; with it:
// - one question at a time, chosen with the navigator, Previous/Next or the address's #q-<id>;
//   the position and the flags are posted to the server, so a reopened page resumes there;
// - every answer is saved as the candidate types (debounced), on blur and when the page is
//   hidden or closed (sendBeacon); each save carries a rising `seq`, so the server never lets an
//   older save overwrite a newer one; until the server confirms, the answer is also kept in this
//   browser's storage and sent again when the page opens (a lost connection or a crash);
// - the timer counts down from the server's end time (seconds left when the page was made) and
//   submits the exam when time runs out; the save indicator and warnings are live regions.
(function () {
  "use strict";

  var root = document.getElementById("exam");
  if (!root) return;

  var DEBOUNCE = 700;
  var RETRY = 3000;
  var d = root.dataset;
  var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  var csrf = headers["X-CSRFToken"] || "";
  var storeKey = "dyad-exam-" + d.sitting;
  var sections = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));
  var saveStatus = document.getElementById("exam-save");
  var alertRegion = document.getElementById("exam-alert");
  var pending = {}; // item id -> {seq, choice, text}
  var timers = {};
  var lastSeq = 0;
  var submitting = false;

  // -- storage of answers not yet confirmed by the server -------------------------------------
  function store() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }
  function readLocal() {
    var s = store();
    if (!s) return {};
    try {
      return JSON.parse(s.getItem(storeKey) || "{}") || {};
    } catch (e) {
      return {};
    }
  }
  function writeLocal(data) {
    var s = store();
    if (!s) return;
    try {
      if (Object.keys(data).length) s.setItem(storeKey, JSON.stringify(data));
      else s.removeItem(storeKey);
    } catch (e) {
      /* storage full or refused: the server copy still counts */
    }
  }
  var local = readLocal();

  function nextSeq() {
    var now = Date.now();
    lastSeq = now > lastSeq ? now : lastSeq + 1;
    return lastSeq;
  }

  // -- the save indicator -------------------------------------------------------------------
  var shown = "saved";
  function status(state) {
    if (state === shown) return;
    shown = state;
    var text = { saving: d.textSaving, saved: d.textSaved, offline: d.textOffline }[state];
    saveStatus.textContent = text;
    saveStatus.classList.toggle("is-offline", state === "offline");
    saveStatus.classList.toggle("is-saving", state === "saving");
  }
  function refreshStatus() {
    status(Object.keys(pending).length ? "saving" : "saved");
  }

  // -- answers ---------------------------------------------------------------------------------
  function sectionOf(id) {
    return root.querySelector('[data-question="' + id + '"]');
  }
  function valueOf(section) {
    if (section.dataset.kind === "mc") {
      var checked = section.querySelector("input[type=radio]:checked");
      return { choice: checked ? checked.value : "" };
    }
    return { text: section.querySelector("textarea").value };
  }
  function answered(value) {
    return (value.choice !== undefined && value.choice !== "") || (value.text || "").trim() !== "";
  }

  function record(section, now) {
    var id = section.dataset.question;
    var entry = valueOf(section);
    entry.seq = nextSeq();
    pending[id] = entry;
    local[id] = entry;
    writeLocal(local);
    markNav(id);
    status("saving");
    window.clearTimeout(timers[id]);
    if (now) send(id);
    else timers[id] = window.setTimeout(function () { send(id); }, DEBOUNCE);
  }

  function body(id, entry) {
    var data = new FormData();
    data.append("item", id);
    data.append("seq", entry.seq);
    if (entry.choice !== undefined) data.append("choice", entry.choice);
    else data.append("text", entry.text);
    return data;
  }

  function confirmed(id, entry) {
    if (pending[id] === entry) delete pending[id];
    if (local[id] && local[id].seq <= entry.seq) delete local[id];
    writeLocal(local);
    refreshStatus();
  }

  function send(id) {
    var entry = pending[id];
    if (!entry) return Promise.resolve();
    window.clearTimeout(timers[id]);
    return fetch(d.saveUrl, {
      method: "POST",
      body: body(id, entry),
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (data.saved || data.reason === "stale") {
            confirmed(id, entry);
          } else if (data.reason === "closed" || data.reason === "paused") {
            if (!submitting) window.location.reload();
          } else if (data.reason === "signed_out") {
            // the session ended: keep the answer (here and in storage) and try again, so it is
            // saved once the candidate signs in again in another tab
            status("offline");
            timers[id] = window.setTimeout(function () { send(id); }, RETRY);
          } else {
            // refused for good (not this person's, not an item of the form): drop it
            delete pending[id];
            refreshStatus();
          }
        });
      })
      .catch(function () {
        status("offline");
        timers[id] = window.setTimeout(function () { send(id); }, RETRY);
      });
  }

  function flushAll() {
    return Promise.all(Object.keys(pending).map(send));
  }

  // The page is going away (closed tab, another page, the phone locks): send what waits.
  function beacon() {
    if (!navigator.sendBeacon) return;
    Object.keys(pending).forEach(function (id) {
      var data = body(id, pending[id]);
      data.append("csrfmiddlewaretoken", csrf);
      navigator.sendBeacon(d.saveUrl, data);
    });
  }
  window.addEventListener("pagehide", beacon);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beacon();
  });

  root.addEventListener("input", function (event) {
    var section = event.target.closest("[data-question]");
    if (section && event.target.matches("textarea")) record(section, false);
  });
  root.addEventListener("change", function (event) {
    var section = event.target.closest("[data-question]");
    if (!section) return;
    if (event.target.matches("input[type=radio]")) record(section, true);
    if (event.target.matches("[data-flag]")) {
      markNav(section.dataset.question);
      postPosition();
    }
  });
  root.addEventListener("focusout", function (event) {
    var section = event.target.closest("[data-question]");
    if (section && event.target.matches("textarea") && pending[section.dataset.question]) {
      send(section.dataset.question);
    }
  });

  // -- the navigator ---------------------------------------------------------------------------
  function navLink(id) {
    return root.querySelector('[data-goto="' + id + '"]');
  }
  function markNav(id) {
    var link = navLink(id);
    var section = sectionOf(id);
    if (!link || !section) return;
    var flag = section.querySelector("[data-flag]");
    var isAnswered = answered(valueOf(section));
    var isFlagged = flag && flag.checked;
    link.classList.toggle("is-answered", isAnswered);
    link.classList.toggle("is-flagged", !!isFlagged);
    var words = (isAnswered ? ", " + d.textAnswered : "") + (isFlagged ? ", " + d.textFlagged : "");
    link.querySelector("[data-nav-state]").textContent = words;
    summary();
  }
  function summary() {
    var flagged = root.querySelectorAll(".exam-nav-link.is-flagged").length;
    var target = root.querySelector("[data-summary]");
    if (target) target.textContent = flagged ? flagged + " " + d.textFlagged + "." : "";
    var count = root.querySelector("[data-answered-summary]");
    if (count) {
      count.textContent = d.textAnsweredSummary
        .replace("%(n)s", root.querySelectorAll(".exam-nav-link.is-answered").length)
        .replace("%(total)s", root.querySelectorAll("[data-goto]").length - 1);
    }
  }

  var current = null;
  function show(id, focus) {
    var section = sectionOf(id) || sections[0];
    if (!section) return;
    current = section.dataset.question;
    sections.forEach(function (s) { s.hidden = s !== section; });
    root.querySelectorAll("[data-goto]").forEach(function (link) {
      if (link.dataset.goto === current) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    if (focus) {
      var heading = section.querySelector("h2");
      if (heading) heading.focus();
    }
    if (current !== "submit") postPosition();
  }

  function flags() {
    return Array.prototype.map
      .call(root.querySelectorAll("[data-flag]:checked"), function (box) {
        return box.dataset.flag;
      })
      .join(",");
  }
  function postPosition() {
    var data = new FormData();
    if (current && current !== "submit") data.append("item", current);
    data.append("flags", flags());
    fetch(d.positionUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    }).catch(function () { /* the position is a convenience: the answers are what counts */ });
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#q-"], a[href="#exam-submit"]');
    if (!link || !root.contains(link)) return;
    event.preventDefault();
    var id = link.getAttribute("href").slice(1);
    show(id === "exam-submit" ? "submit" : id.slice(2), true);
    if (window.history.replaceState) window.history.replaceState(null, "", "#" + id);
  });

  // -- the timer -------------------------------------------------------------------------------
  var clock = root.querySelector("[data-clock]");
  var deadline = performance.now() + Number(d.secondsLeft) * 1000;
  var warned = {};
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function tick() {
    var left = Math.max(0, Math.round((deadline - performance.now()) / 1000));
    var h = Math.floor(left / 3600);
    var m = Math.floor((left % 3600) / 60);
    clock.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(left % 60);
    [600, 300, 60].forEach(function (mark) {
      if (left <= mark && left > mark - 5 && !warned[mark]) {
        warned[mark] = true;
        alertRegion.textContent = d.textMinutesLeft.replace("%(n)s", mark / 60);
      }
    });
    if (left === 0) timeUp();
    else window.setTimeout(tick, 500);
  }
  function timeUp() {
    if (submitting) return;
    submitting = true;
    alertRegion.textContent = d.textTimeUp;
    var form = document.getElementById("exam-submit-form");
    form.querySelector("[data-automatic]").value = "1";
    flushAll().then(function () { form.submit(); });
  }

  // The answers' own form is for pages without this script: here every answer saves itself.
  document.getElementById("exam-answers").addEventListener("submit", function (event) {
    event.preventDefault();
  });

  document.getElementById("exam-submit-form").addEventListener("submit", function (event) {
    var form = event.target;
    var button = form.querySelector("button[type=submit]");
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    form.dataset.sent = "1";
    submitting = true;
    if (button) button.disabled = true;
    flushAll().then(function () { form.submit(); });
  });

  // -- start: bring back answers the server never confirmed, show the current question -------
  Object.keys(local).forEach(function (id) {
    var section = sectionOf(id);
    var entry = local[id];
    if (!section || !entry || Number(entry.seq) <= Number(section.dataset.seq)) {
      delete local[id];
      return;
    }
    if (entry.choice !== undefined) {
      var radio = section.querySelector('input[type=radio][value="' + entry.choice + '"]');
      if (radio) radio.checked = true;
    } else {
      section.querySelector("textarea").value = entry.text;
    }
    lastSeq = Math.max(lastSeq, Number(entry.seq));
    pending[id] = entry;
    markNav(id);
  });
  writeLocal(local);
  flushAll();
  refreshStatus();

  root.classList.add("exam-js");
  var fromHash = window.location.hash.match(/^#q-(\d+)$/);
  show(fromHash ? fromHash[1] : d.current || (sections[0] && sections[0].dataset.question), false);
  summary();
  tick();
})();
