// berth console: optional auto-refresh and confirmations. The console works
// without this script; it only adds conveniences.
(function () {
  "use strict";
  var key = "berth-console-autorefresh";
  var box = document.getElementById("autorefresh");
  if (box) {
    var timer = null;
    var arm = function () {
      clearTimeout(timer);
      if (box.checked) {
        timer = setTimeout(function () { location.reload(); }, 5000);
      }
    };
    box.checked = localStorage.getItem(key) === "1";
    box.addEventListener("change", function () {
      localStorage.setItem(key, box.checked ? "1" : "0");
      arm();
    });
    // Reading an opened event or selecting log text pauses the refresh.
    document.addEventListener("toggle", function () { clearTimeout(timer); }, true);
    document.addEventListener("selectionchange", function () {
      if (String(window.getSelection())) { clearTimeout(timer); } else { arm(); }
    });
    arm();
  }
  // Logs are tails: show their newest lines first.
  document.querySelectorAll("pre.log").forEach(function (p) { p.scrollTop = p.scrollHeight; });
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
