// The pipeline page: GET /v1/admin/status every two seconds (ingest, consumers, dead letters, serving, model, builds).
import { getJson } from "./api.js";
import { bars, line } from "./charts.js";
import { card, duration, el, ms, number, stat, when } from "./format.js";

const pollMs = 2000;

export function renderPipeline(view, isCurrent) {
  const status = el("span", { class: "live", id: "live-status" }, "loading…");
  const ingest = el("div", { class: "stats", id: "ingest-stats" });
  const rate = el("div", { class: "chart", id: "chart-ingest" });
  const lag = el("div", { class: "chart short", id: "chart-lag" });
  const consumers = el("tbody", {});
  const model = el("div", { class: "stats", id: "model-stats" });
  const builds = el("tbody", {});
  view.replaceChildren(
    el("div", { class: "toolbar" }, el("h1", {}, "Pipeline"), status),
    el("div", { class: "grid" },
      card("Ingestion", ingest),
      el("section", { class: "card wide" }, el("h2", {}, "Events accepted per second, last minute"), rate),
      card("Consumer lag (records behind the stream)", lag),
      el("section", { class: "card wide" }, el("h2", {}, "Consumers"), el("div", { class: "scroll" }, el("table", { id: "consumers" },
        el("thead", {}, el("tr", {}, ...["Consumer", "Lag", "Handled", "Dead letters (waiting)", "Freshness p50 / p99"].map((h) => el("th", {}, h)))),
        consumers))),
      card("Model and serving", model),
      el("section", { class: "card wide" }, el("h2", {}, "Last builds"), el("div", { class: "scroll" }, el("table", { id: "builds" },
        el("thead", {}, el("tr", {}, ...["Started", "Status", "Trigger", "Model kept", "Counts", "Metrics"].map((h) => el("th", {}, h)))),
        builds)))));

  const tick = async () => {
    if (!isCurrent()) return;
    try {
      const { status: code, body } = await getJson("/v1/admin/status");
      if (!isCurrent()) return;
      if (code === 200) {
        show(body, { ingest, rate, lag, consumers, model, builds });
        status.textContent = `live · ${new Date().toLocaleTimeString("en-GB")}`;
        status.classList.remove("stale");
      } else {
        status.textContent = `status answered ${code}`;
        status.classList.add("stale");
      }
    } catch {
      status.textContent = "server unreachable; retrying";
      status.classList.add("stale");
    }
    setTimeout(tick, pollMs);
  };
  tick();
}

function show(s, parts) {
  const i = s.ingestion;
  const rejected = Object.values(i.batches_rejected).reduce((a, b) => a + b, 0);
  parts.ingest.replaceChildren(
    stat("events accepted", number(i.events_accepted), "stat-accepted"),
    stat("duplicates", number(i.events_duplicate)),
    stat("batches refused", number(rejected)),
    stat("events/s (1 min)", number(i.events_per_second)),
    stat("append p50", ms(i.append_latency && i.append_latency.p50_ms)),
    stat("append p99", ms(i.append_latency && i.append_latency.p99_ms)));
  const now = Date.parse(s.generated_at);
  const labels = i.events_per_second_last_minute.map((_, k) => `-${60 - k}s`);
  line(parts.rate, labels, i.events_per_second_last_minute, { area: true });
  bars(parts.lag, s.consumers.map((c) => c.name), s.consumers.map((c) => c.lag ?? 0), "#f0883e");
  parts.consumers.replaceChildren(...s.consumers.map((c) => el("tr", { "data-consumer": c.name },
    el("td", {}, c.name), el("td", {}, c.lag === undefined ? "?" : number(c.lag)), el("td", {}, number(c.records_handled)),
    el("td", { class: c.dead_letters_waiting ? "warn" : "" }, `${number(c.dead_lettered)} (${number(c.dead_letters_waiting)})`),
    el("td", {}, c.freshness ? `${ms(c.freshness.p50_ms)} / ${ms(c.freshness.p99_ms)}` : "–"))));
  const serving = s.recommendations.latency;
  parts.model.replaceChildren(
    stat("model version", s.model.version ? number(s.model.version) : "none yet", "stat-model-version"),
    stat("model age", duration(s.model.age_seconds)),
    stat("requests served", number(serving ? serving.count : 0)),
    stat("serving p50", ms(serving && serving.p50_ms)),
    stat("serving p99", ms(serving && serving.p99_ms)));
  parts.builds.replaceChildren(...(s.builds.length ? s.builds : [null]).map((b) => b === null
    ? el("tr", {}, el("td", { colspan: "6", class: "hint" }, "No build has run yet (the dataset builder runs daily, or `build-datasets`)."))
    : el("tr", {},
      el("td", {}, when(b.started_at)), el("td", {}, el("span", { class: `tag ${b.status}` }, b.status)), el("td", {}, b.trigger),
      el("td", {}, b.kept === undefined ? "–" : b.kept ? `yes (v${b.model_version ?? "?"})` : "no"),
      el("td", {}, keyValues(b.counts)), el("td", {}, keyValues(b.metrics)))));
  parts.rate.dataset.generatedAt = String(now);
}

const keyValues = (o) => Object.entries(o || {}).map(([k, v]) => `${k} ${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(3) : number(v)}`).join(" · ") || "–";
