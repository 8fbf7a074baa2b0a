/* Small behaviours the pages share. No framework beyond Bootstrap's own bundle.

   1. A warning before leaving a form with unsaved changes. Every POST form takes part unless it says
      data-no-leave-warning (search, filter, login, logout, one-button actions); a GET form takes part only
      if it says data-leave-warning. The browser shows its own wording for beforeunload.
   2. A list's filters fold behind one button on a phone (see .filter-toggle in treem.css).
   3. After a failed validation the folded sub-form with the error opens and comes into view.
   4. A table that scrolls inside its box can be scrolled from the keyboard. */
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
        var recount = function () {
          var n = 0;
          panel.querySelectorAll("select, input:not([type=hidden])").forEach(function (field) {
            // A select counts when it leaves its first, neutral choice ("all", "any").
            if (field.tagName === "SELECT" ? field.selectedIndex > 0 :
                (field.type === "checkbox" || field.type === "radio") ? field.checked : field.value.trim()) n += 1;
          });
          count.textContent = String(n);
          count.hidden = n === 0;
        };
        panel.addEventListener("change", recount);
        // Pages whose view does not count the filters in use get the count here, by the same rule.
        if (count.textContent.trim() === "") recount();
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

  // A table wider than its box scrolls inside .table-wrap: keyboard users reach that scroll only if
  // the box takes focus (WCAG 2.1.1; axe's scrollable-region-focusable). It is named after the
  // table's caption or the heading before it, so a screen reader says what the region holds.
  function focusableScrollers(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          var caption = box.querySelector("caption");
          var scope = box.closest("section, article, main") || document;
          var heading = scope.querySelector("h2, h3, h1");
          var name = (caption || heading || {}).textContent;
          if (name && name.trim()) box.setAttribute("aria-label", name.trim());
        }
      }
    });
  }
  var resizeTimer = null;

  document.addEventListener("DOMContentLoaded", function () {
    trackAll(document);
    filterToggles();
    focusableScrollers(document);
  });
  // After the layout has settled (stylesheets, fonts), or the scroll lands short.
  window.addEventListener("load", openFailedSubform);
  window.addEventListener("load", function () { focusableScrollers(document); });
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { focusableScrollers(document); }, 150);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    trackAll(event.target);
    filterToggles();
    focusableScrollers(event.target);
  });
})();
