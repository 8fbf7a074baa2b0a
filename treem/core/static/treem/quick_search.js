// The header's quick search as an ARIA combobox: htmx fills the listbox as
// the user types; arrow keys move through the options, Enter opens the chosen
// one (or, with none chosen, submits the form to the results page), Escape
// closes the list. Without JavaScript the form is a plain GET to that page.
(function () {
  "use strict";

  function setup(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var input = form.querySelector("[role=combobox]");
    var box = form.querySelector(".quick-search-results");
    var active = -1;

    function options() {
      return Array.prototype.slice.call(box.querySelectorAll("[role=option]"));
    }
    function listbox() {
      return box.querySelector("[role=listbox]");
    }
    function highlight(index) {
      var opts = options();
      active = opts.length ? (index + opts.length) % opts.length : -1;
      opts.forEach(function (opt, i) {
        opt.setAttribute("aria-selected", i === active ? "true" : "false");
        opt.classList.toggle("active", i === active);
      });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", opts[active].id);
        opts[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function open() {
      var list = listbox();
      var any = options().length > 0;
      if (list) list.hidden = !any;
      box.classList.toggle("open", any || !!box.querySelector(".quick-search-status:not(:empty)"));
      input.setAttribute("aria-expanded", any ? "true" : "false");
    }
    function close() {
      var list = listbox();
      if (list) list.hidden = true;
      box.classList.remove("open");
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    box.addEventListener("htmx:afterSwap", function () {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      open();
    });
    input.addEventListener("keydown", function (event) {
      var opts = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!opts.length) return;
        event.preventDefault();
        if (input.getAttribute("aria-expanded") !== "true") open();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (active >= 0 && opts[active]) {
          event.preventDefault();
          window.location.assign(opts[active].dataset.href);
        }
      } else if (event.key === "Escape") {
        if (input.getAttribute("aria-expanded") === "true" || box.classList.contains("open")) {
          event.preventDefault();
          close();
        } else {
          input.value = "";
        }
      }
    });
    box.addEventListener("mousedown", function (event) {
      // Keep the focus in the input while a result is clicked.
      if (event.target.closest("[role=option]")) event.preventDefault();
    });
    box.addEventListener("click", function (event) {
      var opt = event.target.closest("[role=option]");
      if (opt) window.location.assign(opt.dataset.href);
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    input.addEventListener("focus", function () {
      if (options().length) open();
    });
  }

  function init() {
    document.querySelectorAll("form[data-quick-search]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
