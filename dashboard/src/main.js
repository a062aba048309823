// The dashboard's shell: pages by URL hash (#/listener/<id>, #/pipeline), the API key dialog, the banner.
import { apiKey, whenUnauthorized } from "./api.js";
import { renderListener } from "./listener.js";
import { renderPipeline } from "./pipeline.js";

const view = document.getElementById("view");
const banner = document.getElementById("banner");
const dialog = document.getElementById("key-dialog");
const keyInput = document.getElementById("key-input");
const keyButton = document.getElementById("key-button");
let page = 0;

function showKeyState() {
  keyButton.textContent = apiKey.get() ? "API key ✓" : "API key";
}

function askForKey() {
  keyInput.value = apiKey.get();
  if (!dialog.open) dialog.showModal();
}

dialog.addEventListener("close", () => {
  if (dialog.returnValue !== "save") return;
  apiKey.set(keyInput.value.trim());
  showKeyState();
  banner.hidden = true;
  route();
});
keyButton.addEventListener("click", askForKey);

whenUnauthorized((status) => {
  banner.hidden = false;
  banner.textContent = status === 401
    ? "This server needs an API key: enter one (it is kept in this browser)."
    : "The API key lacks a scope this page needs (read for listeners, admin for the pipeline).";
  if (status === 401) askForKey();
});

function route() {
  const current = ++page;
  const isCurrent = () => current === page;
  const [, name, ...rest] = location.hash.replace(/^#/, "").split("/");
  document.getElementById("nav-pipeline").classList.toggle("active", name === "pipeline");
  document.getElementById("nav-listener").classList.toggle("active", name !== "pipeline");
  if (name === "pipeline") {
    document.title = "Pipeline · Recommender";
    renderPipeline(view, isCurrent);
  } else {
    const userId = rest.length ? decodeURIComponent(rest.join("/")) : "";
    document.title = userId ? `${userId} · Recommender` : "Listener · Recommender";
    renderListener(view, userId, isCurrent);
  }
}

window.addEventListener("hashchange", route);
showKeyState();
route();
