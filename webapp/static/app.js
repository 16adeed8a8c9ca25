// OnRecord: speaker autocomplete (from /api/v1/speakers) and copy-citation buttons (with a
// fallback where the clipboard API is unavailable).
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

  // Copy: the clipboard API where the page is a secure context (https, localhost); elsewhere
  // (plain http) the text goes into a read-only field next to the button, selected, and
  // document.execCommand("copy") copies it; where even that is refused the text stays
  // selected for Ctrl+C.
  function flash(button, text) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = text;
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  function fallbackCopy(button, text) {
    var field = button.parentNode.querySelector("input.copy-fallback");
    if (!field) {
      field = document.createElement("input");
      field.type = "text";
      field.readOnly = true;
      field.className = "copy-fallback";
      field.setAttribute("aria-label", "Citation");
      button.parentNode.insertBefore(field, button.nextSibling);
    }
    field.value = text;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    flash(button, copied ? "Copied" : "Press Ctrl+C");
  }

  function copyText(button, text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { flash(button, "Copied"); },
                                               function () { fallbackCopy(button, text); });
    } else {
      fallbackCopy(button, text);
    }
  }

  function setupCopy(button) {
    button.addEventListener("click", function () {
      var text = button.dataset.citation;
      if (text === undefined) {
        var target = document.getElementById(button.dataset.copy);
        text = target ? target.textContent.trim() : "";
      }
      if (text) { copyText(button, text); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-autocomplete]").forEach(setupAutocomplete);
    document.querySelectorAll("button[data-copy], button[data-citation]").forEach(setupCopy);
  });
}());
