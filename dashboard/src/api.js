// Every request of the dashboard: the API key entered once (kept in localStorage) goes with each as x-api-key.
const keyName = "recommender.apiKey";

export const apiKey = {
  get: () => localStorage.getItem(keyName) || "",
  set: (value) => (value ? localStorage.setItem(keyName, value) : localStorage.removeItem(keyName)),
};

/** Called with the response of a request the server refused for want of a (valid) key. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** GET a JSON document; answers { status, body } (body null when there is none), throws only when the server cannot be reached. */
export async function getJson(path) {
  const headers = { accept: "application/json" };
  const key = apiKey.get();
  if (key) headers["x-api-key"] = key;
  const response = await fetch(path, { headers, cache: "no-store" });
  if (response.status === 401 || response.status === 403) onUnauthorized(response.status);
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, body };
}

/** The operations the server documents ("GET /v1/users/{id}/stats"), so the dashboard only calls what this server has. */
let operations;
export async function serverOperations() {
  if (!operations) {
    operations = getJson("/openapi/v1.json").then(({ status, body }) => {
      const found = new Set();
      if (status === 200 && body && body.paths)
        for (const [path, item] of Object.entries(body.paths)) for (const method of Object.keys(item)) found.add(`${method.toUpperCase()} ${path}`);
      return found;
    });
  }
  return operations;
}

export const enc = encodeURIComponent;
