// Filling in on screen: a live topic summary, a progress line, the answers kept in this
// browser's lasting storage (localStorage) for this card so a closed tab or a restarted
// browser loses nothing, and the results saved to and loaded from a results file
// (scorecard-results/1). The page reads fully without it.
(function () {
  "use strict";
  var card = document.getElementById("card");
  if (!card) { return; }
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var byId = function (id) { return document.getElementById(id); };
  var fields = card.querySelectorAll("input, textarea");
  var key = card.getAttribute("data-storage-key") || "scorecard";

  // Storage is asked for each time: storage the browser refuses once (blocked, or not ready
  // yet) may be there at the next change.
  function storage(kind) {
    try {
      var s = window[kind];
      s.getItem(key);
      return s;
    } catch (e) {
      return null;
    }
  }

  // What is filled in, by field: checked boxes and radios as true, text as typed.
  function fieldKey(field) {
    return field.type === "radio" ? field.name + "=" + field.value : field.name;
  }

  function state() {
    var out = {};
    each(fields, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) { out[fieldKey(field)] = true; }
      } else if (field.value) {
        out[fieldKey(field)] = field.value;
      }
    });
    return out;
  }

  function apply(values) {
    each(fields, function (field) {
      var value = values[fieldKey(field)];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value === true;
      } else {
        field.value = typeof value === "string" ? value : "";
      }
    });
  }

  function parse(text) {
    if (text === null) { return null; }
    try {
      var value = JSON.parse(text);
      return value && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }

  // The status beside the buttons: set only when it changes, as it is read out.
  function status(text) {
    var saved = byId("saved");
    if (saved && saved.textContent !== text) { saved.textContent = text; }
  }

  function message(text) {
    var box = byId("message");
    if (box) { box.textContent = text; }
    clearToolbar();
  }

  // The toolbar stays at the top while the card scrolls: what is scrolled or tabbed to
  // stops below it, not under it.
  var toolbar = document.querySelector(".toolbar");
  function clearToolbar() {
    if (toolbar && !toolbar.hidden) {
      document.documentElement.style.scrollPaddingTop = toolbar.offsetHeight + 8 + "px";
    }
  }

  var keptHere = "Answers are saved in this browser as you fill them in.";
  var keptOnlyHere = "Kept in this tab only: this browser does not allow the page to store " +
    "answers. Use Save results before you close it.";

  function save() {
    var text = JSON.stringify(state());
    var local = storage("localStorage");
    try {
      if (!local) { throw new Error("no storage"); }
      if (text === "{}") { local.removeItem(key); } else { local.setItem(key, text); }
      status(text === "{}" ? keptHere : "Saved in this browser.");
      return;
    } catch (e) { /* blocked or full: keep it in the tab at least */ }
    var session = storage("sessionStorage");
    try {
      if (session) { session.setItem(key, text); }
    } catch (e) { /* nothing is kept */ }
    status(keptOnlyHere);
  }

  // Restore this card's answers. Answers an older page kept in this tab (sessionStorage)
  // are adopted into lasting storage when there are none there yet.
  function restore() {
    var local = storage("localStorage");
    var session = storage("sessionStorage");
    var values = local ? parse(local.getItem(key)) : null;
    if (values) {
      apply(values);
      status("Saved in this browser.");
      return;
    }
    var older = session ? parse(session.getItem(key)) : null;
    if (older) {
      apply(older);
      save();
      var kept = local ? parse(local.getItem(key)) : null;
      if (kept) {
        try { session.removeItem(key); } catch (e) { /* stays in the tab, harmless */ }
      }
    } else {
      status(local ? keptHere : keptOnlyHere);
    }
  }

  // Notes grow with their text, so a printed card shows all of it.
  function grow(area) {
    area.style.height = "";
    if (area.scrollHeight > area.clientHeight) {
      area.style.height = area.scrollHeight + 2 + "px";
    }
  }

  function growAll() { each(card.querySelectorAll("textarea"), grow); }

  function update() {
    var topics = {};
    var topicOf = function (name) {
      if (!topics[name]) { topics[name] = { points: 0, ticked: 0, sum: 0, scored: 0 }; }
      return topics[name];
    };
    var levels = 0;
    var ticked = 0;
    var points = 0;
    var scored = {};
    each(card.querySelectorAll(".points input[type=checkbox]"), function (box) {
      var t = topicOf(box.getAttribute("data-topic"));
      t.points += 1;
      points += 1;
      if (box.checked) { t.ticked += 1; ticked += 1; }
    });
    each(card.querySelectorAll(".score input[type=radio]"), function (radio) {
      levels = Math.max(levels, Number(radio.value));
      if (radio.checked) {
        var t = topicOf(radio.getAttribute("data-topic"));
        t.sum += Number(radio.value);
        t.scored += 1;
        scored[radio.name] = true;
      }
    });
    each(card.querySelectorAll(".summary tr[data-topic]"), function (row) {
      var t = topicOf(row.getAttribute("data-topic"));
      row.querySelector(".ticked").textContent = String(t.ticked);
      row.querySelector(".average").textContent = t.scored
        ? (t.sum / t.scored).toFixed(1) + " of " + levels + " (" + t.scored + " scored)"
        : "";
    });
    var questions = card.querySelectorAll(".question").length;
    var done = Object.keys(scored).length;
    var choice = card.querySelector(".recommendation input:checked");
    var progress = byId("progress");
    if (progress) {
      progress.textContent = done + " of " + questions + " questions scored · " +
        ticked + " of " + points + " points ticked · " +
        (choice ? "recommendation: " + choice.parentNode.textContent.trim() : "no recommendation yet");
    }
  }

  function refresh() { update(); growAll(); }

  // Results (scorecard-results/1): the card's blank results, embedded by the generator.
  var blank = (function () {
    var data = byId("card-results");
    var value = data && data.content ? parse(data.content.textContent) : null;
    return value && Array.isArray(value.questions) ? value : null;
  })();
  var articles = card.querySelectorAll("article.question");
  var areas = {};
  each(card.querySelectorAll("textarea"), function (area) { areas[area.name] = area; });
  var text = function (name) { return areas[name] ? areas[name].value : ""; };
  var topicIds = function () {
    var ids = [];
    each(card.querySelectorAll(".summary tr[data-topic]"), function (row) {
      ids.push(row.getAttribute("data-topic"));
    });
    return ids.sort();
  };

  // The form as results: the blank results with what is filled in.
  function results() {
    var out = JSON.parse(JSON.stringify(blank));
    each(articles, function (article, i) {
      var q = out.questions[i];
      var n = article.id.slice(1);
      if (!q || q.id !== article.getAttribute("data-question-id")) { return; }
      q.points = q.expected.map(function (_, j) {
        var box = byId("q" + n + "-p" + j);
        return Boolean(box && box.checked);
      });
      var score = article.querySelector(".score input:checked");
      q.score = score ? Number(score.value) : null;
      q.notes = text("q" + n + "-notes");
    });
    out.topic_comments = {};
    topicIds().forEach(function (id) {
      var comment = text("comment-" + id);
      if (comment) { out.topic_comments[id] = comment; }
    });
    var choice = card.querySelector(".recommendation input:checked");
    out.recommendation = choice ? choice.value.replace(/ /g, "-") : null;
    out.reasons = text("overall-notes");
    out.candidate_questions = text("candidate-questions");
    out.notes = text("general-notes");
    return out;
  }

  function saveResults() {
    var button = byId("save-results");
    var name = button.getAttribute("data-file") || "results.json";
    var blob = new Blob([JSON.stringify(results(), null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    message("");
    status("Results saved as " + name + " (in your downloads).");
  }

  var cardName = function (r) {
    return [r.role, r.candidate, r.interviewer].filter(Boolean).join(" · ") +
      " on " + r.date + ", edition " + r.fingerprint;
  };

  // Why `r` cannot be loaded into this card, or "" when it can.
  function refusal(r) {
    if (!r || r.format !== blank.format) {
      return "it is not a results file (its format is not " + blank.format + ").";
    }
    var same = r.fingerprint === blank.fingerprint && r.candidate === blank.candidate &&
      r.interviewer === blank.interviewer && r.date === blank.date &&
      Array.isArray(r.questions) && r.questions.length === blank.questions.length &&
      r.questions.every(function (q, i) {
        return q && q.id === blank.questions[i].id &&
          JSON.stringify(q.expected) === JSON.stringify(blank.questions[i].expected);
      });
    if (!same) {
      return "it holds the results of another card (" + cardName(r) + "); this card is " +
        cardName(blank) + ".";
    }
    var levels = blank.rubric.length;
    for (var i = 0; i < r.questions.length; i += 1) {
      var q = r.questions[i];
      var n = i + 1;
      if (!Array.isArray(q.points) || q.points.length !== blank.questions[i].expected.length ||
          !q.points.every(function (p) { return typeof p === "boolean"; })) {
        return "question " + n + " needs " + blank.questions[i].expected.length +
          " ticks (true or false), one per expected point.";
      }
      if (q.score !== null && q.score !== undefined &&
          !(q.score === Math.floor(q.score) && q.score >= 1 && q.score <= levels)) {
        return "question " + n + " is scored " + q.score + "; the scores go from 1 to " + levels + ".";
      }
      if (q.notes !== undefined && typeof q.notes !== "string") {
        return "the notes of question " + n + " are not text.";
      }
    }
    var choices = ["strong-no", "no", "yes", "strong-yes"];
    if (r.recommendation !== null && r.recommendation !== undefined &&
        choices.indexOf(r.recommendation) < 0) {
      return "its recommendation (" + r.recommendation + ") is not one of " + choices.join(", ") + ".";
    }
    var comments = r.topic_comments || {};
    var topics = topicIds();
    for (var topic in comments) {
      if (Object.prototype.hasOwnProperty.call(comments, topic) &&
          (topics.indexOf(topic) < 0 || typeof comments[topic] !== "string")) {
        return "it has a comment on topic " + topic + ", which this card does not have.";
      }
    }
    var texts = ["reasons", "candidate_questions", "notes"];
    for (var t = 0; t < texts.length; t += 1) {
      var v = r[texts[t]];
      if (v !== undefined && typeof v !== "string") { return "its " + texts[t] + " are not text."; }
    }
    return "";
  }

  function fill(r) {
    var values = {};
    each(articles, function (article, i) {
      var q = r.questions[i];
      var n = article.id.slice(1);
      q.points.forEach(function (p, j) { if (p) { values["q" + n + "-p" + j] = true; } });
      if (q.score) { values["q" + n + "-score=" + q.score] = true; }
      if (q.notes) { values["q" + n + "-notes"] = q.notes; }
    });
    var comments = r.topic_comments || {};
    topicIds().forEach(function (id) {
      if (comments[id]) { values["comment-" + id] = comments[id]; }
    });
    if (r.recommendation) { values["recommendation=" + r.recommendation.replace(/-/g, " ")] = true; }
    if (r.reasons) { values["overall-notes"] = r.reasons; }
    if (r.candidate_questions) { values["candidate-questions"] = r.candidate_questions; }
    if (r.notes) { values["general-notes"] = r.notes; }
    apply(values);
    refresh();
    save();
  }

  function loadResults(input) {
    var file = input.files && input.files[0];
    if (!file) { return; }
    message("");
    var reader = new FileReader();
    reader.onload = function () {
      input.value = "";
      var r = parse(String(reader.result));
      var why = r ? refusal(r) : "it is not a results file (it is not JSON).";
      if (why) {
        message(file.name + " was not loaded: " + why);
        return;
      }
      var filled = Object.keys(state()).length > 0;
      if (filled && !window.confirm("Replace what is filled in on this card with the results in " +
          file.name + "?")) {
        return;
      }
      message("");
      fill(r);
      status("Loaded " + file.name + "; saved in this browser.");
    };
    reader.onerror = function () {
      input.value = "";
      message(file.name + " was not loaded: it could not be read.");
    };
    reader.readAsText(file);
  }

  function clear() {
    if (!window.confirm("Clear everything filled in on this card? Save results first to keep a copy.")) {
      return;
    }
    apply({});
    each(["localStorage", "sessionStorage"], function (kind) {
      var s = storage(kind);
      try { if (s) { s.removeItem(key); } } catch (e) { /* nothing to clear */ }
    });
    refresh();
    message("");
    status("Cleared. " + keptHere);
  }

  restore();
  refresh();
  card.addEventListener("change", function () { update(); save(); });
  card.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { grow(event.target); }
    save();
  });
  window.addEventListener("resize", growAll);
  // The same card open in another tab: follow its changes, so neither tab overwrites the
  // other's answers with older ones.
  window.addEventListener("storage", function (event) {
    if (event.key !== key && event.key !== null) { return; }
    var local = storage("localStorage");
    if (!local || event.storageArea !== local) { return; }
    apply(parse(local.getItem(key)) || {});
    refresh();
  });

  if (toolbar) {
    toolbar.hidden = false;
    clearToolbar();
    window.addEventListener("resize", clearToolbar);
  }
  var on = function (id, type, fn) {
    var element = byId(id);
    if (element) { element.addEventListener(type, fn); }
  };
  on("print-button", "click", function () { window.print(); });
  on("clear", "click", clear);
  if (blank) {
    on("save-results", "click", saveResults);
    on("load-results", "change", function (event) { loadResults(event.target); });
  } else {
    // A page without its blank results (an older template) cannot write or read them.
    each(["save-results", "load-results"], function (id) {
      var element = byId(id);
      if (element) { (element.closest(".tool") || element).hidden = true; }
    });
  }
})();
