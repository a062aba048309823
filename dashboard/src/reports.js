// A listening report (GET /v1/users/{id}/stats, GET /v1/stats) shown as it comes: numbers as figures, lists as tables.
import { el, number } from "./format.js";

const label = (key) => key.replaceAll("_", " ");

function cell(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") return number(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? Object.values(v).join(" ") : v)).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${label(k)}: ${typeof v === "number" ? number(v) : v}`).join(" · ");
  return String(value);
}

function table(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return el("div", { class: "scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", {}, label(c))))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...columns.map((c) => el("td", {}, cell(r[c]))))))));
}

export function report(body) {
  const figures = el("div", { class: "stats" });
  const parts = [figures];
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object") parts.push(el("h3", {}, label(key)), table(value));
    else if (value && typeof value === "object" && !Array.isArray(value)) parts.push(el("h3", {}, label(key)), el("p", {}, cell(value)));
    else figures.append(el("div", { class: "stat" }, el("span", { class: "value" }, cell(value)), el("span", { class: "label" }, label(key))));
  }
  return el("div", {}, ...parts);
}
