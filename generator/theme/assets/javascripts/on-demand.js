/* The theme's script when a visitor needs it, and only the requests it needs. Material's bundle (or Zensical's,
   with `strategy-site build --engine zensical`) is held inert in <template id="__scripts"> (overrides/main.html);
   this script, loaded deferred, runs it.

   - The bundle runs at the first sign of a person: a touch, a click, a key, the mouse moving, the wheel, or
     focus moving into the page; at once when the address asks for a search highlight (?h=). Reading needs
     no script (every page works without JavaScript: drawer, navigation, language switch and palette are
     HTML and CSS), and on a mid-range phone Material's start-up blocks the page for about a quarter of a
     second (Lighthouse's mobile test); a visitor who only reads downloads and runs none of it. The search
     box and icon are shown at once (the page is marked `js`, as Material marks it), and using them (or the
     search keys f, s, /) starts it.
     Material starts on DOMContentLoaded, which has passed by then, so the event is sent again once the
     bundle has run (Material listens with `once`; nothing else of the site listens to it).
   - The search index (the text of every page) is held back until the search field first gets focus, so a
     visitor who does not search downloads no index (tens of KB gzipped for a city's strategy, megabytes for a
     large site).
   - Material's language-switch script fetches sitemap.xml next to every <link rel="alternate"> URL of the
     page, to send the switch to the same page in the other language. Here every page's switch already links
     to its exact twin, and only /fi/sitemap.xml and /sv/sitemap.xml exist: each page view asked for two
     missing files (404s and a console error). Requests for sitemap.xml are dropped (never sent, never
     answered), so the script learns no sitemap and the switch stays a plain link.
   - Zensical's search is a button its bundle opens; a press of it (or of "/") before the bundle runs is done
     again once it runs, and its index (search.json) is held back like Material's.
   Material 9 and Zensical make these requests with XMLHttpRequest; every other request passes unchanged. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = false;
  var waiting = [];
  var index = /\/search(?:\/search_index)?\.json(?:[?#]|$)/;
  var sitemap = /\/sitemap\.xml(?:[?#]|$)/;

  function release() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.deferUntilSearch = !wanted && index.test(String(url));
    this.dropped = sitemap.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (request.dropped) return undefined;
    if (request.deferUntilSearch && !wanted) {
      waiting.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.closest && event.target.closest("[data-md-component=search]")) release();
  });

  // The theme's scripts (Material's or Zensical's bundle), held inert in <template id="__scripts"> by
  // overrides/main.html, are run in their order, each after the one before has loaded.
  var held = document.getElementById("__scripts");
  var scripts = held && held.content ? Array.prototype.slice.call(held.content.querySelectorAll("script")) : [];
  var signs = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "focusin"];
  var loaded = false, running = false, replay = null;

  function start() {
    if (loaded || !scripts.length) return;
    loaded = true;
    signs.forEach(function (type) { window.removeEventListener(type, start, true); });
    (function next(i) {
      if (i === scripts.length) {
        document.dispatchEvent(new Event("DOMContentLoaded"));
        running = true;
        if (replay) setTimeout(function () { replay.click(); replay = null; }, 0);
        return;
      }
      var script = document.createElement("script");
      Array.prototype.forEach.call(scripts[i].attributes, function (a) { script.setAttribute(a.name, a.value); });
      script.text = scripts[i].text;
      if (script.src) {
        script.onload = function () { next(i + 1); };
        document.body.appendChild(script);
      } else {
        document.body.appendChild(script);
        next(i + 1);
      }
    })(0);
  }

  // What Material does first when it starts: the page is marked as scripted, so that its controls that need
  // the script (the search) are shown now; using one starts the bundle.
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");
  // Opening the search (its icon is a label for the __search checkbox) puts the cursor in the search field,
  // as Material does, also when its bundle has not started yet.
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", function () {
    var field = document.querySelector("[data-md-component=search-query]");
    if (toggle.checked && field) field.focus();
  });
  // Material's search keys (f, s, /) open the search at once, also before its bundle has started (the key
  // press that starts it would otherwise be lost): the same as Material does, until Material does it itself.
  document.addEventListener("keydown", function (event) {
    var target = event.target, field = document.querySelector("[data-md-component=search-query]");
    if (typeof window.component$ !== "undefined" || !toggle || !field) return;
    if (event.ctrlKey || event.metaKey || event.altKey || ["f", "s", "/"].indexOf(event.key) < 0) return;
    if (target && (target.isContentEditable || /^(input|select|textarea)$/i.test(target.tagName))) return;
    event.preventDefault();
    toggle.checked = true;
    field.focus();
    field.select();
  });
  // Zensical's search is a button that its bundle opens (there is no search field before it runs), once the
  // index has come: a press of the button, or of its key "/", before the bundle runs asks for the index and is
  // done again once the bundle runs.
  var button = document.querySelector("[data-md-component=search] > button.md-search__button");
  if (button) {
    button.addEventListener("click", function () {
      if (running) return;
      replay = button;
      release();
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (running || event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && (target.isContentEditable || /^(input|select|textarea)$/i.test(target.tagName))) return;
      event.preventDefault();
      replay = button;
      release();
    });
  }
  if (/[?&]h=/.test(location.search)) {
    start();
  } else {
    signs.forEach(function (type) { window.addEventListener(type, start, { capture: true, passive: true }); });
  }
})();
