// The listener page: profile charts, recent history, recommendations with reasons, related tracks, listening reports;
// it polls so a listener's new events show without a reload.
import { enc, getJson, serverOperations } from "./api.js";
import { bars, hourHeat, line } from "./charts.js";
import { artists, card, duration, el, number, percent, stat, when } from "./format.js";
import { report } from "./reports.js";

const pollMs = 2000;
const recommendationCount = 12;

export function renderListener(view, userId, isCurrent) {
  const input = el("input", { id: "listener-id", value: userId || "", placeholder: "listener id (user_id)", "aria-label": "Listener id", autocomplete: "off" });
  const form = el("form", { class: "toolbar", id: "listener-form" }, input, el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) location.hash = `#/listener/${enc(input.value.trim())}`;
  });
  view.replaceChildren(form);
  if (!userId) {
    view.append(el("p", { class: "hint" }, "Enter a listener's id. The demo prints one to look at."));
    return;
  }

  const status = el("span", { class: "live", id: "live-status" }, "loading…");
  const connect = el("button", { type: "button", class: "quiet", id: "connect-spotify", hidden: true }, "Connect Spotify");
  const message = el("p", { class: "hint", id: "listener-message", hidden: true });
  form.append(connect, status);

  const profile = el("div", { class: "stats", id: "profile-stats" });
  const genres = el("div", { class: "chart", id: "chart-genres" });
  const artistChart = el("div", { class: "chart", id: "chart-artists" });
  const hours = el("div", { class: "chart short", id: "chart-hours" });
  const skips = el("div", { class: "chart short", id: "chart-skips" });
  const recommendations = el("ol", { class: "tracks", id: "recommendations" });
  const related = el("div", { id: "related" }, el("p", { class: "hint" }, "Click a track to see tracks related to it."));
  const history = el("tbody", {});
  const reports = el("div", { id: "reports" });
  view.append(message, el("div", { class: "grid" },
    card("Profile", profile),
    card("Top genres", genres),
    card("Top artists", artistChart),
    card("Listening by hour of day (UTC)", hours),
    card("Skip rate over recent listening", skips),
    el("section", { class: "card wide" }, el("h2", {}, "Recommended now"), recommendations),
    el("section", { class: "card" }, el("h2", {}, "Related tracks"), related),
    el("section", { class: "card wide" }, el("h2", {}, "Recent history"),
      el("div", { class: "scroll" }, el("table", { id: "history" },
        el("thead", {}, el("tr", {}, el("th", {}, "When"), el("th", {}, "Track"), el("th", {}, "Artists"), el("th", {}, "Event"))), history))),
    el("section", { class: "card wide", id: "reports-card", hidden: true }, el("h2", {}, "Listening reports"), reports)));

  const showRelated = (item) => loadRelated(related, item, isCurrent);
  let seen = { profile: "", recommendations: "" };

  serverOperations().then((ops) => {
    if (!isCurrent()) return;
    if (ops.has("GET /v1/spotify/connect")) {
      connect.hidden = false;
      connect.addEventListener("click", () => connectSpotify(userId, message));
    }
    if (ops.has("GET /v1/users/{id}/stats")) loadReports(userId, reports, isCurrent);
  });

  const tick = async () => {
    if (!isCurrent()) return;
    try {
      const [p, r] = await Promise.all([
        getJson(`/v1/users/${enc(userId)}/profile`),
        getJson(`/v1/recommendations?user_id=${enc(userId)}&num_results=${recommendationCount}&explain=true`),
      ]);
      if (!isCurrent()) return;
      if (p.status === 200) {
        message.hidden = true;
        const signature = JSON.stringify([p.body.plays, p.body.likes, p.body.dislikes, p.body.last_seen, p.body.recent_tracks.map((t) => t.track_id + t.occurred_at)]);
        if (signature !== seen.profile) {
          seen.profile = signature;
          showProfile(p.body, { profile, genres, artistChart, hours, skips, history }, showRelated);
        }
      } else if (p.status === 404) {
        message.hidden = false;
        message.textContent = `No listening of "${userId}" yet: this page fills in once their first events arrive.`;
      }
      if (r.status === 200) {
        const signature = r.body.items.map((i) => i.track_id).join(",");
        if (signature !== seen.recommendations) {
          seen.recommendations = signature;
          showTracks(recommendations, r.body.items, showRelated);
        }
      }
      status.textContent = `live · ${new Date().toLocaleTimeString("en-GB")}`;
      status.classList.remove("stale");
    } catch {
      status.textContent = "server unreachable; retrying";
      status.classList.add("stale");
    }
    setTimeout(tick, pollMs);
  };
  tick();
}

function showProfile(p, parts, showRelated) {
  parts.profile.replaceChildren(
    stat("plays", number(p.plays), "stat-plays"),
    stat("completes", number(p.completes)),
    stat("skips", number(p.skips)),
    stat("skip rate", percent(p.skip_rate)),
    stat("listening", duration(p.listening_ms / 1000)),
    stat("first seen", when(p.first_seen)),
    stat("last seen", when(p.last_seen)));
  bars(parts.genres, p.top_genres.map((g) => g.name), p.top_genres.map((g) => g.count));
  bars(parts.artistChart, p.top_artists.map((a) => a.name), p.top_artists.map((a) => a.count), "#a371f7");
  hourHeat(parts.hours, p.hour_histogram);
  const rate = skipRateOverTime(p.recent_tracks);
  line(parts.skips, rate.labels, rate.values, { percent: true, area: true, color: "#f0883e" });
  parts.history.replaceChildren(...p.recent_tracks.map((t) =>
    el("tr", { "data-track-id": t.track_id, class: "clickable", onclick: () => showRelated(t) },
      el("td", {}, when(t.occurred_at)), el("td", {}, t.name || t.track_id), el("td", {}, artists(t.artists)),
      el("td", {}, el("span", { class: `tag ${t.event_type}` }, t.event_type)))));
}

/** The recent tracks (newest first) in up to ten groups in time order, each group's share of skips. */
function skipRateOverTime(recent) {
  const ordered = [...recent].reverse();
  const groups = Math.min(10, ordered.length);
  const labels = [];
  const values = [];
  for (let g = 0; g < groups; g++) {
    const part = ordered.slice(Math.floor((g * ordered.length) / groups), Math.floor(((g + 1) * ordered.length) / groups));
    labels.push(when(part[part.length - 1].occurred_at));
    values.push(part.filter((t) => t.event_type === "skip").length / part.length);
  }
  return { labels, values };
}

function showTracks(list, items, showRelated) {
  if (!items.length) {
    list.replaceChildren(el("li", { class: "hint" }, "Nothing to recommend yet."));
    return;
  }
  list.replaceChildren(...items.map((item) =>
    el("li", { "data-track-id": item.track_id, class: "clickable", onclick: () => showRelated(item), tabindex: "0" },
      el("div", { class: "track" }, el("strong", {}, item.name || item.track_id), el("span", { class: "artists" }, artists(item.artists))),
      el("div", { class: "meta" }, ...(item.genres || []).slice(0, 3).map((g) => el("span", { class: "tag" }, g)),
        item.score !== undefined ? el("span", { class: "score" }, `score ${item.score.toFixed(2)}`) : null),
      item.reason ? el("div", { class: "reason" }, item.reason) : null)));
}

async function loadRelated(target, item, isCurrent) {
  target.replaceChildren(el("p", { class: "hint" }, `Tracks related to ${item.name || item.track_id}…`));
  const { status, body } = await getJson(`/v1/tracks/${enc(item.track_id)}/related?num_results=8&explain=true`);
  if (!isCurrent()) return;
  if (status !== 200) {
    target.replaceChildren(el("p", { class: "hint" }, `No related tracks for ${item.name || item.track_id} (${status}).`));
    return;
  }
  const list = el("ol", { class: "tracks compact", id: "related-tracks" });
  showTracks(list, body.items, (next) => loadRelated(target, next, isCurrent));
  target.replaceChildren(el("p", { class: "hint" }, "Related to ", el("strong", {}, item.name || item.track_id)), list);
}

async function connectSpotify(userId, message) {
  const { status, body } = await getJson(`/v1/spotify/connect?user_id=${enc(userId)}`);
  if (status === 200 && body && body.authorize_url) {
    location.href = body.authorize_url;
    return;
  }
  message.hidden = false;
  message.textContent = status === 503
    ? "Spotify linking is not set up on this server (SpotifyProducer:ClientId and its secret)."
    : `Could not start linking Spotify: ${(body && (body.detail || body.title)) || status}`;
}

async function loadReports(userId, target, isCurrent) {
  const { status, body } = await getJson(`/v1/users/${enc(userId)}/stats`);
  if (!isCurrent() || status !== 200 || !body) return;
  target.replaceChildren(report(body));
  document.getElementById("reports-card").hidden = false;
}
