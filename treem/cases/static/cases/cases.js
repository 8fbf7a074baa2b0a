// The intake's child search (an ARIA combobox with a listbox of results from
// htmx) and the case page's step forms. No inline script: the CSP allows
// only files from this site.
(function () {
  "use strict";

  function setupPicker(root) {
    var input = root.querySelector("#child-search");
    var results = root.querySelector("#child-results");
    var hidden = root.querySelector("input[name=child_id]");
    var chosen = root.querySelector("#child-picked");
    var label = root.querySelector("[data-picked-label]");
    var active = -1;

    function options() {
      return Array.prototype.slice.call(results.querySelectorAll("[role=option]"));
    }
    function highlight(index) {
      var opts = options();
      opts.forEach(function (o, i) {
        o.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && opts[index]) {
        input.setAttribute("aria-activedescendant", opts[index].id);
        opts[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function close() {
      results.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }
    function pick(option) {
      hidden.value = option.getAttribute("data-id");
      label.textContent = option.getAttribute("data-label");
      chosen.hidden = false;
      input.value = "";
      close();
      root.closest("form").classList.add("child-chosen");
      chosen.querySelector("[data-unpick]").focus();
    }

    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== results) return;
      var count = options().length;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      highlight(count ? 0 : -1);
    });
    input.addEventListener("keydown", function (event) {
      var opts = options();
      if (event.key === "ArrowDown" && opts.length) {
        event.preventDefault();
        highlight((active + 1) % opts.length);
      } else if (event.key === "ArrowUp" && opts.length) {
        event.preventDefault();
        highlight((active - 1 + opts.length) % opts.length);
      } else if (event.key === "Enter") {
        // Enter picks; it never submits the whole report from the search box.
        event.preventDefault();
        if (active >= 0 && opts[active]) pick(opts[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    results.addEventListener("mousedown", function (event) {
      // mousedown, before the input loses focus.
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        pick(option);
      }
    });
    chosen.querySelector("[data-unpick]").addEventListener("click", function () {
      hidden.value = "";
      chosen.hidden = true;
      root.closest("form").classList.remove("child-chosen");
      input.focus();
    });
    if (hidden.value) root.closest("form").classList.add("child-chosen");
  }

  function openInvalidStepForm() {
    // After a failed validation the sub-form stays open and in view.
    var invalid = document.querySelector("[data-has-errors]");
    if (invalid) {
      if (invalid.tagName === "DETAILS") invalid.open = true;
      invalid.scrollIntoView({ block: "start" });
      var field = invalid.querySelector(".has-error input, .has-error select, .has-error textarea");
      if (field) field.focus({ preventScroll: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var picker = document.querySelector("[data-child-picker]");
    if (picker) setupPicker(picker);
    openInvalidStepForm();
  });
})();
