// Small formatting helpers and safe DOM building (text is never parsed as HTML).

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

export const number = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US", { maximumFractionDigits: 1 }));
export const percent = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(0)}%`);
export const ms = (x) => (x === null || x === undefined ? "–" : x < 1 ? `${x.toFixed(2)} ms` : `${number(x)} ms`);

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(0)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

export function when(iso) {
  if (!iso) return "–";
  const date = new Date(iso);
  return date.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export const artists = (list) => (list && list.length ? list.map((a) => a.name || a.id).join(", ") : "");

export function card(title, ...body) {
  return el("section", { class: "card" }, el("h2", {}, title), ...body);
}

export function stat(label, value, id) {
  return el("div", { class: "stat" }, el("span", { class: "value", id }, value), el("span", { class: "label" }, label));
}
