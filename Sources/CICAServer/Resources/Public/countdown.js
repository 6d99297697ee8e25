// Keeps "time left" on decision pages current; the page reads the same without it.
(function () {
  function render(seconds) {
    if (seconds <= 0) return "0 minutes";
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600), m = Math.floor((seconds % 3600) / 60);
    if (d > 0) return d + " days " + h + " hours";
    if (h > 0) return h + " hours " + m + " minutes";
    return Math.max(1, m) + " minutes";
  }
  function tick() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var deadline = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(deadline)) el.textContent = render(Math.floor((deadline - Date.now()) / 1000));
    });
  }
  tick();
  setInterval(tick, 30000);
})();
