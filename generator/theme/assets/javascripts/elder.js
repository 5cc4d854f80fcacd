/* 长者模式 (large type and high contrast): the header's toggle.
 *
 * The mode is the class `hb-elder` on <html>, set before the first paint by the inline script
 * of partials/javascripts/base.html from localStorage ("hb.elder" = "1"); this file wires the
 * toggle (aria-pressed follows the mode), remembers the choice on the device and follows a
 * change made in another tab. No inline handlers: the pages' Content-Security-Policy allows
 * scripts from the site's own files only. */
(function () {
  "use strict";
  var KEY = "hb.elder";
  var root = document.documentElement;

  function buttons() {
    return document.querySelectorAll("[data-hb-elder-toggle]");
  }

  function show(on) {
    root.classList.toggle("hb-elder", on);
    var all = buttons();
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  function remember(on) {
    try {
      if (on) {
        localStorage.setItem(KEY, "1");
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* storage refused (private mode, full): the mode holds for this page only */
    }
  }

  function wire() {
    show(root.classList.contains("hb-elder"));
    var all = buttons();
    for (var i = 0; i < all.length; i++) {
      all[i].addEventListener("click", function () {
        var on = !root.classList.contains("hb-elder");
        show(on);
        remember(on);
      });
    }
  }

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      show(event.newValue === "1");
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
