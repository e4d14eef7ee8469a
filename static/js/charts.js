// Draws Rebound's charts from data passed with json_script. Runs on load and after every
// htmx swap, so the week chart follows week navigation. No inline scripts.
(function () {
  "use strict";

  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const primary = colour("--bs-primary", "#0d6efd");
  const secondary = colour("--bs-secondary", "#6c757d");
  const green = colour("--rb-green", "#198754");
  const amber = colour("--rb-amber", "#b35c00");
  const red = colour("--rb-red", "#b02a37");
  const lineColours = [primary, amber, green, red, secondary];

  function readData(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function draw(canvasId, build) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || canvas.dataset.drawn || typeof Chart === "undefined") return;
    const config = build();
    if (!config) return;
    canvas.dataset.drawn = "true";
    // Axis text and grid lines follow the colour mode (Chart.js defaults are for light pages).
    Chart.defaults.color = colour("--bs-body-color", "#212529");
    Chart.defaults.borderColor = colour("--bs-border-color", "#dee2e6");
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false, spanGaps: true },
      config.options || {}
    );
    new Chart(canvas, config);
  }

  function weekChart() {
    draw("week-chart", () => {
      const data = readData("week-chart-data");
      if (!data) return null;
      return {
        data: {
          labels: data.labels,
          datasets: [
            { type: "bar", label: "Load (AU)", data: data.load, backgroundColor: primary, yAxisID: "load" },
            { type: "line", label: "Sleep (h)", data: data.sleep, borderColor: amber, backgroundColor: amber, yAxisID: "sleep" },
            {
              type: "line", label: "Sleep target (h)", data: data.labels.map(() => data.sleep_target),
              borderColor: secondary, borderDash: [6, 4], pointRadius: 0, yAxisID: "sleep",
            },
          ],
        },
        options: {
          scales: {
            load: { position: "left", beginAtZero: true, title: { display: true, text: "Load (AU)" } },
            sleep: { position: "right", min: 0, max: 12, grid: { drawOnChartArea: false }, title: { display: true, text: "Sleep (h)" } },
          },
        },
      };
    });
  }

  function line(label, values, colourValue, extra) {
    return Object.assign(
      { type: "line", label: label, data: values, borderColor: colourValue, backgroundColor: colourValue, pointRadius: 0, borderWidth: 2 },
      extra || {}
    );
  }

  function trendCharts() {
    const data = readData("trends-data");
    if (!data) return;
    const flat = (value) => data.days.map(() => value);
    draw("chart-fitness", () => ({
      data: {
        labels: data.days,
        datasets: [
          line("Fitness", data.fitness, primary),
          line("Fatigue", data.fatigue, red),
          line("Form", data.form, green, { borderDash: [4, 3] }),
        ],
      },
    }));
    draw("chart-physiology", () => ({
      data: {
        labels: data.days,
        datasets: [
          line(data.hrv_method ? "HRV (" + data.hrv_method + ", ms)" : "HRV (ms)", data.hrv_ms, primary, { pointRadius: 2, yAxisID: "hrv" }),
          line("Resting HR (bpm)", data.resting_hr, red, { pointRadius: 2, yAxisID: "hr" }),
        ],
      },
      options: {
        scales: {
          hrv: { position: "left", beginAtZero: false, title: { display: true, text: "HRV (ms)" } },
          hr: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "Resting HR (bpm)" } },
        },
      },
    }));
    const [bandLow, bandHigh] = data.load_ratio_band;
    draw("chart-ratio", () => ({
      data: {
        labels: data.days,
        datasets: [
          line(`Reference band low (${bandLow})`, flat(bandLow), "rgba(25,135,84,0.0)", { fill: false, borderWidth: 0 }),
          line(`Reference band ${bandLow}–${bandHigh} (Gabbett 2016, the same for everyone)`, flat(bandHigh), "rgba(25,135,84,0.0)", {
            fill: "-1", backgroundColor: "rgba(25,135,84,0.15)", borderWidth: 0,
          }),
          line("Load ratio", data.load_ratio, primary),
        ],
      },
      options: { scales: { y: { min: 0, suggestedMax: 2 } } },
    }));
    draw("chart-sleep", () => ({
      data: {
        labels: data.days,
        datasets: [
          line("Sleep (h)", data.sleep_h, amber, { pointRadius: 2 }),
          line("Target", flat(data.sleep_target_h), secondary, { borderDash: [6, 4] }),
        ],
      },
      options: { scales: { y: { min: 0, max: 12 } } },
    }));
    draw("chart-protein", () => ({
      data: {
        labels: data.days,
        datasets: [
          line("Protein (g/kg)", data.protein_g_per_kg, green, { pointRadius: 2 }),
          line("Target", flat(data.protein_target), secondary, { borderDash: [6, 4] }),
        ],
      },
      options: { scales: { y: { min: 0 } } },
    }));
    draw("chart-e1rm", () => {
      const lifts = Object.keys(data.e1rm);
      if (!lifts.length) return null;
      return {
        data: {
          labels: data.weeks,
          datasets: lifts.map((lift, i) => line(lift, data.e1rm[lift], lineColours[i % lineColours.length], { pointRadius: 3 })),
        },
        options: { scales: { y: { title: { display: true, text: `Estimated 1RM (${data.mass_unit})` } } } },
      };
    });
  }

  function drawAll() {
    weekChart();
    trendCharts();
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  // New content from htmx (week navigation) arrives with htmx:load on the new element.
  document.addEventListener("htmx:load", drawAll);
})();
