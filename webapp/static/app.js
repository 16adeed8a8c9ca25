// OnRecord: speaker autocomplete (from /api/v1/speakers) and copy-citation buttons.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setupAutocomplete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var lookup = debounce(function () {
      var value = input.value.trim();
      if (value.length < 2) { return; }
      var url = input.dataset.autocomplete + "?limit=10&q=" + encodeURIComponent(value);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { speakers: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.speakers.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.name;
            option.textContent = s.name + " (" + s.quotes + " quotes)";
            list.appendChild(option);
          });
        })
        .catch(function () { /* autocomplete is a convenience: ignore failures */ });
    }, 200);
    input.addEventListener("input", lookup);
  }

  function setupCopy(button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.dataset.copy);
      if (!target || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy citation"; }, 1500);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-autocomplete]").forEach(setupAutocomplete);
    document.querySelectorAll("button[data-copy]").forEach(setupCopy);
  });
}());
