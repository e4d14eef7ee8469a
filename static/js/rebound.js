// Small behaviours shared by every page. No inline scripts anywhere: this file and a few
// page scripts are all the JavaScript Rebound serves besides the vendored libraries.
(function () {
  "use strict";

  // A first profile (sign-up, or a coach starting a journal): preselect the browser's time
  // zone when the list has it. Forms redrawn with errors leave the attribute out.
  document.querySelectorAll("select[data-browser-timezone]").forEach((select) => {
    let zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      zone = "";
    }
    if (zone && select.querySelector(`option[value="${CSS.escape(zone)}"]`)) {
      select.value = zone;
    }
  });

  // After an htmx swap, announce what happened and keep the focus somewhere sensible.
  // htmx:load fires on the new content itself, which outerHTML swaps need (the old target
  // is gone by then); on the first page load it fires on <body>, which is skipped.
  function find(root, selector) {
    return root.matches(selector) ? root : root.querySelector(selector);
  }
  document.addEventListener("htmx:load", (event) => {
    const root = event.detail.elt;
    if (!root || root === document.body) return;
    const announce = find(root, "[data-announce]");
    const live = document.getElementById("live-region");
    if (announce && live) {
      live.textContent = "";
      window.setTimeout(() => (live.textContent = announce.dataset.announce), 50);
    }
    const focus = find(root, "[data-autofocus]");
    if (focus) focus.focus({ preventScroll: false });
    addCounters(root);
  });

  // A note's length under it ("120 / 2000"), for every textarea with a maxlength. The
  // browser stops typing at the limit; the counter says why. Read out only near the end.
  function addCounters(root) {
    root.querySelectorAll("textarea[maxlength]").forEach((area) => {
      if (area.dataset.counted) return;
      area.dataset.counted = "true";
      const limit = Number(area.getAttribute("maxlength"));
      const counter = document.createElement("div");
      counter.className = "form-text text-end note-counter";
      counter.id = `${area.id || area.name}-counter`;
      area.setAttribute("aria-describedby", `${area.getAttribute("aria-describedby") || ""} ${counter.id}`.trim());
      const update = () => {
        counter.textContent = `${area.value.length} / ${limit}`;
        counter.setAttribute("aria-live", area.value.length > limit * 0.9 ? "polite" : "off");
      };
      area.addEventListener("input", update);
      update();
      area.insertAdjacentElement("afterend", counter);
    });
  }
  addCounters(document);

  // Folds a phone keeps closed to fit Today on about a screen and a half (the check-in, heart
  // and load, the parts of the score) open by themselves on a wide screen, where they fit.
  const wide = window.matchMedia("(min-width: 992px)");
  function openWide(root) {
    if (!wide.matches) return;
    root.querySelectorAll("details[data-open-wide]").forEach((fold) => (fold.open = true));
  }
  openWide(document);
  document.addEventListener("htmx:load", (event) => openWide(event.detail.elt || document));
})();
