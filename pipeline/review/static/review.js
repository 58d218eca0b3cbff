// Keyboard-first review of a paper's tags. Plain JavaScript, no build step. Paper text only ever reaches the
// page through the server's escaped HTML or textContent: this file never uses innerHTML.
(function () {
  "use strict";
  var body = document.body;
  var paper = body.dataset.paper;
  var csrf = body.dataset.csrf;
  if (!paper) { return; }
  var KEY_LABELS = {
    "1": ["policy_recommendation", null], "2": ["cited_evidence", "citation"],
    "3": ["cited_evidence", "statistic"], "4": ["cited_evidence", "case"]
  };
  var NAMES = {"policy_recommendation|": "recommendation", "cited_evidence|citation": "citation",
               "cited_evidence|statistic": "statistic", "cited_evidence|case": "case"};
  var statusLine = document.getElementById("status");
  var current = null;
  var busy = false;

  function items() { return Array.prototype.slice.call(document.querySelectorAll(".item")); }

  function focusItem(el) {
    if (!el) { return; }
    if (current) { current.classList.remove("focused"); }
    current = el;
    el.classList.add("focused");
    el.focus({preventScroll: true});
    el.scrollIntoView({block: "center"});
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var i = list.indexOf(current);
    var next = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + step));
    focusItem(list[next]);
  }

  function nextId() {
    var list = items();
    var i = list.indexOf(current);
    var el = list[i + 1] || current;
    return el ? el.id : "";
  }

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", !!isError);
  }

  function post(path, payload) {
    payload.paper = paper;
    return fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(payload)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.error || ("HTTP " + r.status)); }
        return data;
      });
    });
  }

  function reloadAt(id) {
    var url = new URL(window.location.href);
    url.searchParams.set("focus", id || "");
    window.location.assign(url.toString());
  }

  function setClass(el, prefix, value) {
    Array.prototype.slice.call(el.classList).forEach(function (c) {
      if (c.indexOf(prefix) === 0) { el.classList.remove(c); }
    });
    el.classList.add(prefix + value);
  }

  function showState(el, st) {
    var name = NAMES[st.label + "|" + (st.evidence_type || "")] || "?";
    setClass(el, "lbl-", name);
    setClass(el, "status-", st.status || "open");
    el.querySelector(".name").textContent = name;
    el.querySelector(".status").textContent = st.status || "unreviewed";
    el.querySelector(".note").textContent = st.note || "";
    var attrs = [];
    if (st.actor) { attrs.push("actor " + st.actor); }
    if (st.strength) { attrs.push("strength " + st.strength); }
    if (st.instrument) { attrs.push("instrument " + st.instrument); }
    el.querySelector(".attrs").textContent = attrs.join(" ");
    el.dataset.actor = st.actor || "";
    el.dataset.strength = st.strength || "";
    el.dataset.instrument = st.instrument || "";
    el.dataset.note = st.note || "";
  }

  function run(promise) {
    busy = true;
    return promise.then(function (data) {
      busy = false;
      return data;
    }, function (err) {
      busy = false;
      say(err.message, true);
      throw err;
    });
  }

  function decide(payload) {
    var el = current;
    if (!el || el.dataset.kind !== "tag" || busy) { return; }
    payload.tag = el.dataset.tag;
    run(post("/api/decide", payload)).then(function (data) {
      showState(el, data.state);
      say(data.state.tag + ": " + (data.state.status || data.state.decision) + " (saved)");
      if (payload.decision !== "note") { move(1); }
    }, function () {});
  }

  function addTag(key) {
    var el = current;
    if (!el || busy) { return; }
    var pair = KEY_LABELS[key];
    var target = nextId();
    run(post("/api/add", {sentence: el.dataset.sentence, label: pair[0], evidence_type: pair[1]}))
      .then(function () { reloadAt(target); }, function () {});
  }

  function undo() {
    if (busy) { return; }
    run(post("/api/undo", {})).then(function (data) {
      if (!data.state) { say("nothing to undo"); return; }
      var id = document.getElementById("t-" + data.state.tag) ? "t-" + data.state.tag : "s-" + data.state.sentence;
      reloadAt(id);
    }, function () {});
  }

  function openEdit() {
    if (!current || current.dataset.kind !== "tag") { return; }
    var form = document.getElementById("edit-form");
    document.getElementById("edit-tag").textContent = current.dataset.tag;
    form.elements.actor.value = current.dataset.actor;
    form.elements.strength.value = current.dataset.strength;
    form.elements.instrument.value = current.dataset.instrument;
    var dlg = document.getElementById("edit-dialog");
    dlg.returnValue = "";
    dlg.showModal();
    form.elements.actor.focus();
  }

  function openNote() {
    if (!current || current.dataset.kind !== "tag") { return; }
    var form = document.getElementById("note-form");
    document.getElementById("note-tag").textContent = current.dataset.tag;
    form.elements.note.value = current.dataset.note;
    var dlg = document.getElementById("note-dialog");
    dlg.returnValue = "";
    dlg.showModal();
    form.elements.note.focus();
  }

  document.getElementById("edit-dialog").addEventListener("close", function () {
    var dlg = document.getElementById("edit-dialog");
    var form = document.getElementById("edit-form");
    if (dlg.returnValue === "save") {
      decide({decision: "edit", attributes: {actor: form.elements.actor.value,
              strength: form.elements.strength.value, instrument: form.elements.instrument.value}});
    } else if (current) { current.focus({preventScroll: true}); }
  });
  document.getElementById("note-dialog").addEventListener("close", function () {
    var dlg = document.getElementById("note-dialog");
    if (dlg.returnValue === "save") {
      decide({decision: "note", note: document.getElementById("note-form").elements.note.value});
    }
    if (current) { current.focus({preventScroll: true}); }
  });
  Array.prototype.slice.call(document.querySelectorAll("dialog button.close")).forEach(function (b) {
    b.addEventListener("click", function () { b.closest("dialog").close(""); });
  });
  document.getElementById("note-form").elements.note.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      document.getElementById("note-dialog").close("save");
    }
  });

  function handle(key, shift) {
    if (shift && KEY_LABELS[key]) { addTag(key); return; }
    if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (key === "a") { decide({decision: "accept"}); }
    else if (key === "x") { decide({decision: "reject"}); }
    else if (KEY_LABELS[key]) {
      if (current && current.dataset.kind === "tag") {
        decide({decision: "relabel", label: KEY_LABELS[key][0], evidence_type: KEY_LABELS[key][1]});
      } else { addTag(key); }
    }
    else if (key === "e") { openEdit(); }
    else if (key === "n") { openNote(); }
    else if (key === "u") { undo(); }
    else { return false; }
    return true;
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) { return; }
    if (document.querySelector("dialog[open]")) { return; }
    var key = ev.key;
    var shift = ev.shiftKey && /^Digit[1-4]$/.test(ev.code || "");
    if (shift) { key = ev.code.slice(5); }
    if (handle(key.length === 1 ? key.toLowerCase() : key, shift)) { ev.preventDefault(); }
  });

  Array.prototype.slice.call(document.querySelectorAll(".toolbar button[data-key]")).forEach(function (b) {
    b.addEventListener("click", function (ev) { handle(b.dataset.key, ev.shiftKey); });
  });
  document.querySelector("article.paper").addEventListener("click", function (ev) {
    var el = ev.target.closest(".item");
    if (!el) {
      var sent = ev.target.closest(".sent");
      el = sent && sent.querySelector(".tag.item");
    }
    if (el) { focusItem(el); }
  });

  var start = body.dataset.focus && document.getElementById(body.dataset.focus);
  focusItem(start && start.classList.contains("item") ? start : items()[0]);
})();
