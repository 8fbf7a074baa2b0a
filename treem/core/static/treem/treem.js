/* Small behaviours the pages share. No framework beyond Bootstrap's own bundle.

   1. A warning before leaving a form with unsaved changes. Every POST form takes part unless it says
      data-no-leave-warning (search, filter, login, logout, one-button actions); a GET form takes part only
      if it says data-leave-warning. The browser shows its own wording for beforeunload.
   2. A list's filters fold behind one button on a phone (see .filter-toggle in treem.css).
   3. After a failed validation the folded sub-form with the error opens and comes into view. */
(function () {
  "use strict";

  function watched(form) {
    if (form.hasAttribute("data-no-leave-warning")) return false;
    if (form.hasAttribute("data-leave-warning")) return true;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return false;
    if (form.getAttribute("role") === "search") return false;
    // The login form: nothing worth keeping.
    if (form.querySelector("input[name=username]") && form.querySelector("input[type=password]")) return false;
    // A form with nothing to type (a lone button such as "Remove") has nothing to lose.
    return form.querySelector("input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea") !== null;
  }

  var dirty = new Set();
  var submitting = false;

  function snapshot(form) {
    var data = new FormData(form);
    var parts = [];
    data.forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken") parts.push(key + "=" + (typeof value === "string" ? value : value.name));
    });
    return parts.join("&");
  }

  function track(form) {
    if (form.dataset.leaveTracked) return;
    form.dataset.leaveTracked = "1";
    var initial = snapshot(form);
    // A form shown again after an error holds what was typed and not yet saved.
    if (form.querySelector(".errorlist, .has-error, [aria-invalid=true]")) dirty.add(form);
    var check = function () {
      if (snapshot(form) !== initial) dirty.add(form); else dirty.delete(form);
    };
    form.addEventListener("input", check);
    form.addEventListener("change", check);
    form.addEventListener("submit", function () { submitting = true; });
  }

  function trackAll(root) {
    (root || document).querySelectorAll("form").forEach(function (form) {
      // The opt-in attribute is set on every POST form that takes part, so a page
      // (or a test) can see which forms warn.
      if (watched(form)) { form.setAttribute("data-leave-warning", ""); track(form); }
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (submitting || dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = document.body.dataset.leaveWarning || "";
    return event.returnValue;
  });

  function filterToggles() {
    document.querySelectorAll("[data-filter-toggle]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (!panel) return;
      var count = button.querySelector("[data-filter-count]");
      if (count) {
        panel.addEventListener("change", function () {
          var n = 0;
          panel.querySelectorAll("select, input:not([type=hidden])").forEach(function (field) {
            // A select counts when it leaves its first, neutral choice ("all", "any").
            if (field.tagName === "SELECT" ? field.selectedIndex > 0 :
                (field.type === "checkbox" || field.type === "radio") ? field.checked : field.value.trim()) n += 1;
          });
          count.textContent = String(n);
          count.hidden = n === 0;
        });
      }
      button.addEventListener("click", function () {
        var open = !panel.classList.contains("is-open");
        panel.classList.toggle("is-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  function openFailedSubform() {
    var target = document.querySelector("details.action[data-failed]") ||
      document.querySelector("details.action .errorlist, details.action .has-error");
    if (!target) return;
    var details = target.closest("details");
    details.open = true;
    var field = details.querySelector(".has-error input, .has-error select, .has-error textarea") ||
      details.querySelector("input:not([type=hidden]), select, textarea");
    // Instant: Bootstrap makes scrolling smooth, and a slow glide lands wherever the page has grown to.
    details.scrollIntoView({ block: "start", behavior: "instant" });
    if (field) field.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    trackAll(document);
    filterToggles();
  });
  // After the layout has settled (stylesheets, fonts), or the scroll lands short.
  window.addEventListener("load", openFailedSubform);
  document.addEventListener("htmx:afterSettle", function (event) {
    trackAll(event.target);
    filterToggles();
  });
})();
