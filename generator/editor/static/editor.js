// The editor works without this script; it only proposes an update's address (slug) from its title as the
// title is typed, as the server does on saving, and refreshes the Markdown preview while the text is typed.
"use strict";
(function () {
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
