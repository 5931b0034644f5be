// The editor works without this script; it only proposes an update's address (slug) from its title as the
// title is typed, as the server does on saving, refreshes the text preview while the text is typed, stops a form
// that is too large to send before it is sent (the server would refuse it without reading it, and the typed text
// could not come back), offers a "back to the form" button on an error page, and names the cells of a table for
// narrow screens.
"use strict";
(function () {
  var limit = Number(document.body.dataset.maxUpload || 0);
  function bytes(form, submitter) {
    // What the browser will send: URL-encoded text, or for a file upload each part's bytes and a little more.
    var data = new FormData(form, submitter);
    if ((form.enctype || "").indexOf("multipart") === -1) return new URLSearchParams(data).toString().length;
    var size = 0;
    data.forEach(function (value, name) {
      size += 200 + name.length + (typeof value === "string" ? new Blob([value]).size : value.size);
    });
    return size;
  }
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!limit) return;
      var size = bytes(form, event.submitter || null);
      var shown = document.getElementById("too-large");
      if (size <= limit) { if (shown) shown.remove(); return; }
      event.preventDefault();
      var lang = document.documentElement.lang || "fi";
      var now = (document.body.dataset.sizeUnit || "{n} MB").replace("{n}",
        new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(size / 1048576));
      if (!shown) {
        shown = document.createElement("p");
        shown.id = "too-large";
        shown.className = "message error-message";
        shown.setAttribute("role", "alert");
        shown.tabIndex = -1;
        form.parentNode.insertBefore(shown, form);
      }
      shown.textContent = (document.body.dataset.tooLarge || "").replace("{now}", now);
      shown.focus();
    });
  });
  document.querySelectorAll("[data-back]").forEach(function (button) {
    if (window.history.length < 2) return;
    button.hidden = false;
    button.addEventListener("click", function () { window.history.back(); });
  });
  document.querySelectorAll("table.list").forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && names[i]) cell.setAttribute("data-label", names[i]);
      });
    });
  });
  function slugify(text) {
    // As generator/updates.py slugify: ä→a, ö→o, å→a, then a–z and digits joined by hyphens, at most 60.
    var plain = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/g, "");
  }
  function proposal(title) {
    var date = document.getElementById("date");
    var words = slugify(title.value);
    return words && date ? date.value.trim() + "-" + words : "";
  }
  document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
    var title = document.getElementById(slug.dataset.slugFrom);
    if (!title || slug.readOnly) return;
    var follows = !slug.value || slug.value === proposal(title);
    slug.addEventListener("input", function () { follows = !slug.value; });
    function update() { if (follows) slug.value = proposal(title); }
    title.addEventListener("input", update);
    var date = document.getElementById("date");
    if (date) date.addEventListener("input", update);
  });
  var token = document.querySelector("input[name=csrf_token]");
  document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
    var target = document.getElementById(area.dataset.preview);
    var timer = null;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new FormData();
        body.append("text", area.value);
        if (token) body.append("csrf_token", token.value);
        fetch("/markdown", { method: "POST", body: body, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data && target) target.innerHTML = data.html; });
      }, 400);
    });
  });
})();
