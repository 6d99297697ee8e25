// Keeps "time left" on decision pages current; the page reads the same without it.
// The words come from the page (data-words on this script, in the page's language); the plural form from Intl.PluralRules.
(function () {
  var script = document.currentScript;
  var words;
  try { words = JSON.parse(script.getAttribute("data-words")); } catch (e) { return; }
  var rules = new Intl.PluralRules(document.documentElement.lang || "en");
  function unit(forms, n) {
    var form = forms[rules.select(n)] || forms.other || forms.many;
    return form.replace("{count}", String(n));
  }
  function pair(first, second) {
    return words.pair.replace("{first}", first).replace("{second}", second);
  }
  function render(seconds) {
    if (seconds <= 0) return words.passed;
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600), m = Math.floor((seconds % 3600) / 60);
    if (d > 0) return pair(unit(words.days, d), unit(words.hours, h));
    if (h > 0) return pair(unit(words.hours, h), unit(words.minutes, m));
    return unit(words.minutes, Math.max(1, m));
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
