/* GovIT 相似项目 (第四条) on the application form: as the unit types the name, content, reason,
   effect or the proposal, the panel asks the server for the projects most like what is written.
   The form works without this file (the panel then shows what the last save said). */
(function () {
  "use strict";

  function similarPanel() {
    var card = document.querySelector("[data-similar]");
    var form = document.querySelector("[data-application-form]");
    if (!card || !form) return;
    var panel = card.querySelector("[data-similar-results]");
    var source = card.getAttribute("data-similar");
    var names = (card.getAttribute("data-fields") || "").split(" ");
    var timer = null;
    var asked = 0;

    function ask() {
      var body = new FormData();
      var token = form.elements["csrfmiddlewaretoken"];
      if (token) body.set("csrfmiddlewaretoken", token.value);
      if (card.getAttribute("data-project")) body.set("project", card.getAttribute("data-project"));
      names.forEach(function (name) {
        var field = form.elements[name];
        if (field) body.set(name, field.value);
      });
      var mine = ++asked;
      card.setAttribute("aria-busy", "true");
      fetch(source, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && mine === asked) panel.innerHTML = html;
        })
        .catch(function () { /* the panel keeps what it showed */ })
        .then(function () { if (mine === asked) card.removeAttribute("aria-busy"); });
    }

    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 600);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", similarPanel);
})();
