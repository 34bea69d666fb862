// Small DOM helpers shared by the pages: elements, designed states, labelled fields, problem details on forms.
import { t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function loading(target, what = "正在加载…") {
  target.replaceChildren(h("p", { class: "state loading", role: "status" }, t(what)));
}

export function empty(target, message) {
  target.replaceChildren(h("p", { class: "state empty" }, t(message)));
}

export function failed(target, err, retry) {
  const forbidden = err && err.status === 403;
  target.replaceChildren(h("div", { class: "state error", role: "alert" },
    h("strong", {}, forbidden ? t("无权访问") : t("出错了")), h("br"), err ? err.message : "",
    retry ? h("div", {}, h("button", { type: "button", class: "secondary", onclick: retry }, t("重试"))) : null));
}

let fieldSeq = 0;
/** A labelled control with its own error line, linked by aria-describedby. */
export function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const err = h("div", { class: "field-error", id: `${id}-error`, "data-error-for": control.name || "" });
  const described = [err.id];
  let hintEl = null;
  if (hint) {
    hintEl = h("div", { class: "hint", id: `${id}-hint` }, t(hint));
    described.unshift(hintEl.id);
  }
  control.setAttribute("aria-describedby", described.join(" "));
  return h("div", { class: "field" }, h("label", { for: id }, t(label)), control, hintEl, err);
}

export function input(name, attrs = {}) { return h("input", { name, type: "text", ...attrs }); }

export function select(name, options, attrs = {}) {
  return h("select", { name, ...attrs }, options.map(([value, label]) => h("option", { value }, label)));
}

export function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  const fe = form.querySelector(".form-error");
  if (fe) fe.textContent = "";
}

/** Puts each problem error next to its field (errors[].field, e.g. callerIds[0] → callerIds); the rest above the buttons. */
export function showProblem(form, err) {
  clearErrors(form);
  let first = null;
  const leftovers = [];
  for (const e of err.errors || []) {
    const name = String(e.field || "").replace(/\[.*$/, "").replace(/\..*$/, "");
    const control = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) {
      control.setAttribute("aria-invalid", "true");
      const line = form.querySelector(`#${CSS.escape(control.id)}-error`);
      if (line) line.textContent = e.message;
      first = first || control;
    } else {
      leftovers.push(e.field ? `${e.field}：${e.message}` : e.message);
    }
  }
  const fe = form.querySelector(".form-error");
  if (fe && (!first || leftovers.length)) {
    fe.textContent = leftovers.length ? leftovers.join("；") : err.message;
  }
  (first || fe)?.focus?.();
}

export function formError() { return h("div", { class: "form-error", role: "alert", tabindex: "-1" }); }

export function table(columns, rows, attrs = {}) {
  return h("div", { class: "table-wrap" }, h("table", attrs,
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.num ? "num" : null }, t(c.label))))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => {
      const v = c.render ? c.render(r) : r[c.key];
      return h("td", { class: c.num ? "num" : null }, v === undefined || v === null ? "" : v);
    }))))));
}

/**
 * A value for a string of HTML. The console builds its pages from nodes (h() never parses markup); the one place that
 * takes HTML is an ECharts tooltip formatter, and every data value in one goes through this.
 */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Text whose literal words (column names, commands: what a user types as is) are shown as {@code <code>}. */
export function literal(text, words) {
  const parts = [];
  let rest = text;
  for (;;) {
    const hits = words.map((w) => [rest.indexOf(w), w]).filter(([i]) => i >= 0).sort((a, b) => a[0] - b[0]);
    if (!hits.length) { parts.push(rest); return parts; }
    const [i, w] = hits[0];
    parts.push(rest.slice(0, i), h("code", {}, w));
    rest = rest.slice(i + w.length);
  }
}

export function badge(text, kind = "") { return h("span", { class: `badge ${kind}` }, t(text)); }

export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = t(message);
  el.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove("show"), 3500);
}

export function percent(part, whole) {
  return whole > 0 ? `${(100 * part / whole).toFixed(1)}%` : "—";
}

export function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString("zh-CN", { hour12: false });
}

let echartsPromise = null;
/** ECharts from the WebJar, loaded only on pages with charts. */
export function echarts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  echartsPromise = echartsPromise || new Promise((resolve, reject) => {
    const s = h("script", { src: "/webjars/echarts/5.5.0/echarts.min.js" });
    s.onload = () => resolve(window.echarts);
    s.onerror = () => { echartsPromise = null; reject(new Error("图表库加载失败")); };
    document.head.append(s);
  });
  return echartsPromise;
}

export function chart(container, option) {
  return echarts().then((ec) => {
    const c = ec.getInstanceByDom(container) || ec.init(container, null, { renderer: "canvas" });
    c.setOption(option, true);
    if (!container.dataset.resizes) {
      container.dataset.resizes = "1";
      window.addEventListener("resize", () => c.resize());
    }
    return c;
  });
}
