// The workout form: set rows added over htmx, removed in place, and the session load kept
// up to date. Without JS the form still works: one set row, and "Remove" is a checkbox.
(function () {
  "use strict";

  const form = document.getElementById("workout-form");
  if (!form) return;
  const live = document.getElementById("live-region");

  function announce(text) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(() => (live.textContent = text), 50);
  }

  // Session load = session RPE × minutes (Foster 1998), as the server computes it.
  const rpe = form.querySelector("#id_rpe");
  const minutes = form.querySelector("#id_duration_min");
  const output = form.querySelector("[data-session-load]");
  function showLoad() {
    const load = parseFloat(rpe.value) * parseInt(minutes.value, 10);
    output.textContent = Number.isFinite(load) ? String(Math.round(load)) : "–";
  }
  if (rpe && minutes && output) {
    rpe.addEventListener("input", showLoad);
    minutes.addEventListener("input", showLoad);
  }

  // Removing a set ticks its DELETE box (the server drops it on save) and hides the row.
  form.addEventListener("change", (event) => {
    const box = event.target.closest("[data-remove-set]");
    if (!box || !box.checked) return;
    const row = box.closest("[data-set-row]");
    if (!row) return;
    const legend = row.querySelector("legend");
    row.hidden = true;
    announce(`${legend ? legend.textContent : "Set"} removed`);
    const add = document.getElementById("add-set");
    if (add) add.focus();
  });

  // A row added by htmx: move to its first field and say so.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (!event.detail.target || event.detail.target.id !== "set-rows") return;
    const rows = event.detail.target.querySelectorAll("[data-set-row]");
    const row = rows[rows.length - 1];
    if (!row) return;
    const first = row.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();
    const legend = row.querySelector("legend");
    announce(`${legend ? legend.textContent : "Set"} added`);
  });
})();
