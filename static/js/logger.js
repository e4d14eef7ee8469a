// The workout logger (templates/journal/logger.html): Enter moves to the next box, "+ set"
// copies the row above in the page, and the session load follows RPE × minutes.
(function () {
  "use strict";

  const blocks = document.getElementById("exercise-blocks");
  if (!blocks) return;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // Enter: the next box of the grid (the next row's first box after the last one), not a save.
  blocks.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.matches("input.set-cell")) return;
    event.preventDefault();
    const cells = Array.from(blocks.querySelectorAll("input.set-cell"));
    const next = cells[cells.indexOf(event.target) + 1];
    if (next) {
      next.focus();
      next.select();
    }
  });

  // "+ set": a copy of the last row, not done yet, under a new client id.
  blocks.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-set]");
    if (!button) return;
    const grid = button.closest(".exercise-block").querySelector(".set-grid");
    const rows = grid.querySelectorAll("form.set-row");
    const last = rows[rows.length - 1];
    if (!last) return;
    const copy = last.cloneNode(true);
    const id = newId();
    copy.id = `set-${id}`;
    copy.classList.remove("set-done", "set-waiting-row");
    copy.setAttribute("hx-trigger", "submit");
    copy.querySelector("input[name=client_id]").value = id;
    const named = copy.querySelector("input[name=set]");
    if (named) named.remove(); // a copy is a new set
    copy.querySelectorAll("[id]").forEach((element) => {
      element.id = element.id.replace(/[0-9a-f-]{36}$/, id);
    });
    copy.querySelectorAll("label[for]").forEach((label) => {
      label.htmlFor = label.htmlFor.replace(/[0-9a-f-]{36}$/, id);
    });
    copy.querySelectorAll(".set-error").forEach((error) => error.remove());
    copy.querySelector(".set-waiting").hidden = true;
    const lastText = copy.querySelector(".set-last");
    lastText.textContent = "";
    lastText.id = `last-${id}`;
    const tick = copy.querySelector(".set-tick");
    tick.className = "btn btn-outline-success set-tick";
    tick.removeAttribute("name");
    tick.removeAttribute("value");
    tick.setAttribute("aria-pressed", "false");
    tick.setAttribute("aria-label", "Tick set done");
    last.after(copy);
    if (window.htmx) window.htmx.process(copy);
    copy.querySelector("input.set-cell").focus();
  });

  // Session load = session RPE × minutes (Foster 1998), as the server computes it.
  const finish = document.getElementById("finish-form");
  if (finish) {
    const rpe = finish.querySelector("[name=rpe]");
    const minutes = finish.querySelector("[name=duration_min]");
    const output = finish.querySelector("[data-session-load]");
    const show = () => {
      const load = parseFloat(rpe.value) * parseInt(minutes.value, 10);
      output.textContent = Number.isFinite(load) ? String(Math.round(load)) : "–";
    };
    rpe.addEventListener("input", show);
    minutes.addEventListener("input", show);
  }

  // The picker: a picked exercise closes the search and jumps to its grid.
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== blocks) return;
    const added = blocks.lastElementChild;
    const picker = document.querySelector("[data-testid=picker]");
    if (picker) picker.open = false;
    const first = added && added.querySelector("input.set-cell");
    if (first) first.focus();
  });
})();
