// The API client: same-origin session cookie, the console header on changes, the chosen language (problems come back
// in it), RFC 9457 problems as ApiError.
import { currentLang, t } from "./i18n.js";
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

let onUnauthenticated = () => {};
export function whenSignedOut(fn) { onUnauthenticated = fn; }

// Each sign-in and sign-out starts a new generation: an answer to a request of an earlier one (a page's poll that was
// in flight as its user signed out) is dropped, never shown to, nor signing out, whoever signed in next.
let generation = 0;
export function newSession() { generation++; }
const dropped = () => new Promise(() => {});

export async function api(method, path, body, { raw = false, contentType } = {}) {
  const headers = { "X-Requested-With": "zhiyu", Accept: "application/json", "X-Zhiyu-Lang": currentLang() };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  } else if (contentType) {
    headers["Content-Type"] = contentType;
  }
  const sent = generation;
  let r;
  try {
    r = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    if (sent !== generation) return dropped();
    throw new ApiError(0, { title: t("网络错误"), detail: t("无法连接服务器，请检查网络后重试") });
  }
  if (sent !== generation) return dropped();
  if (r.status === 401 && path !== "/api/session") onUnauthenticated();
  if (!r.ok) {
    let problem = { title: `HTTP ${r.status}` };
    try { problem = await r.json(); } catch (e) { /* not JSON */ }
    if (sent !== generation) return dropped();
    throw new ApiError(r.status, problem);
  }
  if (raw) return r;
  if (r.status === 204) return null;
  const type = r.headers.get("Content-Type") || "";
  const out = await (type.includes("json") ? r.json() : r.text());
  return sent === generation ? out : dropped();
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body === undefined ? {} : body);
export const put = (path, body) => api("PUT", path, body);
export const del = (path) => api("DELETE", path);
