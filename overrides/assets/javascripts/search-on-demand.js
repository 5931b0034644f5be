/* Material for MkDocs fetches the search index (the text of every page) as soon as any page loads, whether
   or not the visitor searches: 16 KB gzipped for Kokkola, megabytes for a large strategy. This holds that
   one request back until the search field first gets focus (a click or tap on the search icon, or the "/",
   "s" or "f" key), so a visitor who only reads downloads no index. Material 9 loads the index with
   XMLHttpRequest; only the request for search/search_index.json is deferred, everything else passes. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = false;
  var waiting = [];
  var index = /\/search\/search_index\.json(?:[?#]|$)/;
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
})();
