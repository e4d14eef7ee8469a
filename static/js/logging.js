// Logging fast, on every page. Today's "One tap" button shows the one-tap panel on a phone.
// Then: installs the service worker (static/sw.js, served at /sw.js), and keeps what was saved
// without a connection: a set row or the check-in ([data-queue] forms) whose request could
// not be sent is kept in localStorage, shown "waiting to send", and sent when the
// connection is back. Each entry is keyed by its element, so a later change replaces an
// earlier one; the server's client ids (set rows) and one check-in a day keep a resend
// from adding a row twice.
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-quick-toggle]");
    if (!toggle) return;
    const panel = document.getElementById("quick-panel");
    if (!panel) return;
    const open = !panel.classList.contains("quick-open");
    panel.classList.toggle("quick-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  });

  // Logging out leaves no page of the journal in the browser's cache (a shared phone).
  document.addEventListener("submit", (event) => {
    const action = event.target.getAttribute("action") || "";
    if (!action.endsWith("/accounts/logout/") || !window.caches) return;
    caches.keys().then((names) => names.forEach((name) => caches.delete(name)));
  });

  const KEY = "rebound-outbox";
  const SENT = "rebound-outbox-sent";
  const status = document.getElementById("sync-status");

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
  }
  function store(entries) {
    window.localStorage.setItem(KEY, JSON.stringify(entries));
    show(entries);
  }
  function show(entries) {
    if (!status) return;
    status.hidden = entries.length === 0;
    status.textContent = entries.length
      ? `${entries.length} change${entries.length === 1 ? "" : "s"} waiting to send`
      : "";
    document.querySelectorAll("[data-queue]").forEach((form) => {
      const waiting = entries.some((entry) => entry.target === form.id || entry.form === form.id);
      form.classList.toggle("set-waiting-row", waiting);
      const badge = form.querySelector(".set-waiting");
      if (badge) badge.hidden = !waiting;
    });
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // A request htmx could not send (no connection): keep it.
  document.addEventListener("htmx:sendError", (event) => {
    const element = event.detail.elt;
    const form = element && element.closest("form[data-queue]");
    if (!form) return;
    const body = new URLSearchParams(new FormData(form));
    const submitter = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent
      ? event.detail.requestConfig.triggeringEvent.submitter
      : null;
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    const target = event.detail.target || form;
    if (!form.id) form.id = `queued-${Date.now()}`;
    const entry = {
      form: form.id,
      target: target.id || form.id,
      swap: form.getAttribute("hx-swap") || "outerHTML",
      url: form.getAttribute("hx-post"),
      body: body.toString(),
    };
    const entries = load().filter((queued) => queued.form !== entry.form);
    entries.push(entry);
    store(entries);
    if (form.id.startsWith("set-") && !body.get("undo")) {
      form.classList.add("set-done"); // shown ticked: it will be sent
    }
  });

  // Put a reply where the request would have put it, when this page shows that element.
  function apply(entry, html) {
    const target = document.getElementById(entry.target);
    if (!target) return;
    if (entry.swap.startsWith("outerHTML")) {
      target.outerHTML = html;
      const fresh = document.getElementById(entry.target);
      if (fresh && window.htmx) window.htmx.process(fresh);
    } else {
      target.innerHTML = html;
      if (window.htmx) window.htmx.process(target);
    }
  }

  let flushing = false;
  async function send() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      // Read inside the lock: another tab may have sent some of it meanwhile.
      for (const entry of load()) {
        let response;
        try {
          response = await fetch(entry.url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              "X-CSRFToken": csrfToken(),
              "HX-Request": "true",
              "HX-Target": entry.target,
            },
            body: entry.body,
          });
        } catch (error) {
          break; // still no connection: try again later
        }
        if (response.status >= 500) break;
        const html = await response.text();
        store(load().filter((queued) => queued.form !== entry.form));
        apply(entry, html);
        // Other tabs showing the same element redraw it too (the storage event).
        const sent = { target: entry.target, swap: entry.swap, html, at: Date.now() };
        window.localStorage.setItem(SENT, JSON.stringify(sent));
      }
    } finally {
      flushing = false;
      show(load());
    }
  }

  // One tab sends at a time (Web Locks), so two open tabs do not send one change twice; the
  // server's client ids would keep the rows single anyway.
  function flush() {
    if (!navigator.onLine) return Promise.resolve();
    if (navigator.locks) return navigator.locks.request("rebound-outbox", send);
    return send();
  }

  window.addEventListener("storage", (event) => {
    if (event.key === SENT && event.newValue) {
      try {
        const sent = JSON.parse(event.newValue);
        apply(sent, sent.html);
      } catch (error) {
        // a value written by something else: nothing to redraw
      }
    }
    if (event.key === KEY) show(load());
  });

  window.addEventListener("online", flush);
  // Some browsers miss the online event (a captive portal, a tab asleep): try every few seconds.
  window.setInterval(() => {
    if (load().length) flush();
  }, 4000);
  document.addEventListener("DOMContentLoaded", () => {
    show(load());
    flush();
  });
  document.addEventListener("htmx:load", () => show(load()));
})();
