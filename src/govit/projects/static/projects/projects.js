/* GovIT project pages: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Home: the to-do count, fetched after the page loads.
  function todoCount() {
    var link = document.querySelector("[data-todo-count]");
    if (!link) return;
    fetch(link.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        link.textContent = data.count > 0 ? "您有 " + data.count + " 项待办" : "暂无待办事项";
        link.classList.toggle("has-todo", data.count > 0);
      })
      .catch(function () { /* the link still leads to the to-do page */ });
  }

  // The application form: preview the category and route as the facts are typed (R9.2), and
  // show the proposal and the 第十一条 fields only when they apply.
  function applicationForm() {
    var form = document.querySelector("[data-application-form]");
    if (!form) return;
    var panel = document.getElementById("route-panel");
    var source = form.getAttribute("data-preview");
    var facts = ["work_type", "amount_0", "amount_1", "changes_function", "civil_works", "high_energy",
      "needs_procurement", "urgent"];
    var timer = null;

    function value(name) {
      var field = form.elements[name];
      if (!field) return "";
      if (field.type === "checkbox") return field.checked ? "on" : "";
      return field.value;
    }

    function toggle() {
      var proposal = document.getElementById("proposal");
      if (proposal) proposal.hidden = value("work_type") !== "new";
      var urgent = document.getElementById("urgent-fields");
      if (urgent) urgent.hidden = value("urgent") !== "on";
      var changes = form.querySelector("[data-only-upgrade]");
      if (changes) changes.hidden = value("work_type") !== "upgrade";
    }

    function preview() {
      if (!panel || !source) return;
      var query = new URLSearchParams();
      facts.forEach(function (name) { if (value(name)) query.set(name, value(name)); });
      fetch(source + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) panel.innerHTML = html; })
        .catch(function () { /* the panel keeps what the last save showed */ });
    }

    function changed() {
      toggle();
      window.clearTimeout(timer);
      timer = window.setTimeout(preview, 300);
    }

    facts.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      field.addEventListener("change", changed);
      if (field.type === "text") field.addEventListener("input", changed);
    });
    toggle();
    // A form shown again after an error, before any save: preview what it says.
    if (panel && !panel.querySelector(".timeline") && value("work_type") && value("amount_0")) preview();
  }

  document.addEventListener("DOMContentLoaded", function () {
    todoCount();
    applicationForm();
  });
})();
