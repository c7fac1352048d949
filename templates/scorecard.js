// Filling in on screen: a live topic summary, a progress line, and the answers kept in this
// browser tab (sessionStorage) so a reload loses nothing. The page reads fully without it.
(function () {
  "use strict";
  var card = document.getElementById("card");
  if (!card) { return; }
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var fields = card.querySelectorAll("input, textarea");
  // Asked for each time: storage the browser refuses once (blocked, or not ready yet) may be
  // there at the next change.
  var store = function () {
    try {
      var storage = window.sessionStorage;
      storage.getItem("scorecard");
      return storage;
    } catch (e) {
      return null;
    }
  };
  var key = card.getAttribute("data-storage-key") || "scorecard";

  function fieldKey(field) {
    return field.type === "radio" ? field.name + "=" + field.value : field.name;
  }

  function save() {
    var storage = store();
    if (!storage) { return; }
    var state = {};
    each(fields, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) { state[fieldKey(field)] = true; }
      } else if (field.value) {
        state[fieldKey(field)] = field.value;
      }
    });
    try { storage.setItem(key, JSON.stringify(state)); } catch (e) { /* full or blocked */ }
  }

  function restore() {
    var storage = store();
    if (!storage) { return; }
    var state;
    try { state = JSON.parse(storage.getItem(key) || "{}"); } catch (e) { return; }
    if (!state || typeof state !== "object") { return; }
    each(fields, function (field) {
      var value = state[fieldKey(field)];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = value === true;
      } else if (typeof value === "string") {
        field.value = value;
      }
    });
  }

  // Notes grow with their text, so a printed card shows all of it.
  function grow(area) {
    area.style.height = "";
    if (area.scrollHeight > area.clientHeight) {
      area.style.height = area.scrollHeight + 2 + "px";
    }
  }

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
    var progress = document.getElementById("progress");
    if (progress) {
      progress.textContent = done + " of " + questions + " questions scored · " +
        ticked + " of " + points + " points ticked · " +
        (choice ? "recommendation: " + choice.parentNode.textContent.trim() : "no recommendation yet");
    }
  }

  restore();
  update();
  each(card.querySelectorAll("textarea"), grow);
  card.addEventListener("change", function () { update(); save(); });
  card.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { grow(event.target); }
    save();
  });
  window.addEventListener("resize", function () { each(card.querySelectorAll("textarea"), grow); });

  var toolbar = document.querySelector(".toolbar");
  if (toolbar) { toolbar.hidden = false; }
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
