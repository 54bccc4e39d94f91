// Communiqué explorer: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Close the language menu when clicking elsewhere or pressing Escape.
  function setUpMenus() {
    var menus = document.querySelectorAll("details[data-menu]");
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      menus.forEach(function (menu) { menu.open = false; });
    });
  }

  // Filter forms apply as soon as a choice changes, and leave empty fields out of the address.
  function setUpFacets() {
    document.querySelectorAll("form[data-facets]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        if (event.target.matches("[data-autosubmit]")) { submit(form); }
      });
      form.addEventListener("submit", function () { dropEmpty(form); });
    });
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); }
    else { dropEmpty(form); form.submit(); }
  }

  function dropEmpty(form) {
    form.querySelectorAll("input, select").forEach(function (field) {
      if (field.name && field.value === "") { field.disabled = true; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenus();
    setUpFacets();
  });
})();
