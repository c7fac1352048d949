// Live topic summary for filling in on screen. The page reads fully without it.
(function () {
  "use strict";
  var toolbar = document.querySelector(".toolbar");
  if (toolbar) {
    toolbar.hidden = false;
    var button = document.getElementById("print-button");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
  }
  function update() {
    var rows = document.querySelectorAll(".summary tr[data-topic]");
    Array.prototype.forEach.call(rows, function (row) {
      var topic = row.getAttribute("data-topic");
      var boxes = document.querySelectorAll('.points input[data-topic="' + topic + '"]');
      var ticked = 0;
      Array.prototype.forEach.call(boxes, function (b) { if (b.checked) { ticked += 1; } });
      var scores = document.querySelectorAll('.score input[data-topic="' + topic + '"]:checked');
      var sum = 0;
      Array.prototype.forEach.call(scores, function (s) { sum += Number(s.value); });
      row.querySelector(".ticked").textContent = ticked + " of " + boxes.length;
      row.querySelector(".average").textContent = scores.length ? (sum / scores.length).toFixed(1) + " (" + scores.length + " scored)" : "";
    });
  }
  document.addEventListener("change", update);
  update();
})();
