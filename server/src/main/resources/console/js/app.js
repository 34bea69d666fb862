// The console shell: sign-in, role-scoped navigation, hash routes, language switch.
import { api, ApiError, whenSignedOut, newSession } from "./api.js";
import { t, currentLang, setLang, setLabels, label } from "./i18n.js";
import { h, field, input, formError, showProblem, toast, failed } from "./ui.js";
import * as calls from "./pages/calls.js";
import * as supervise from "./pages/supervise.js";
import * as research from "./pages/research.js";
import * as kg from "./pages/kg.js";
import * as annotate from "./pages/annotate.js";

const ALL = ["admin", "operator", "supervisor", "researcher"];
/** Every page, its menu group, who may see it, and its renderer; the server enforces the same roles on the API. */
const PAGES = [
  { path: "lists", group: "外呼", title: "名单", roles: ["admin", "operator"], render: calls.lists },
  { path: "tasks", group: "外呼", title: "任务", roles: ["admin", "operator", "supervisor"], render: calls.tasks },
  { path: "dnc", group: "外呼", title: "免打扰", roles: ["admin", "operator", "supervisor"], render: calls.dnc },
  { path: "wall", group: "监控", title: "实时监控", roles: ["admin", "supervisor"], render: supervise.wall },
  { path: "dashboard", group: "监控", title: "任务看板", roles: ["admin", "supervisor"], render: supervise.dashboard },
  { path: "compliance", group: "监控", title: "合规检查", roles: ["admin", "supervisor"], render: supervise.compliance },
  { path: "annotations", group: "模型", title: "标注队列", roles: ["admin", "supervisor"], render: annotate.queue },
  { path: "models", group: "模型", title: "模型训练", roles: ["admin", "supervisor"], render: (...a) => import("./pages/models.js").then((m) => m.page(...a)) },
  { path: "news", group: "研究", title: "快讯", roles: ["admin", "researcher"], render: research.news },
  { path: "documents", group: "研究", title: "报告文档", roles: ["admin", "researcher"], render: research.documents },
  { path: "subscriptions", group: "研究", title: "订阅", roles: ["admin", "researcher"], render: research.subscriptions },
  { path: "companies", group: "图谱", title: "企业档案", roles: ALL, render: kg.search },
  { path: "kg-import", group: "图谱", title: "图谱导入", roles: ["admin"], render: (...a) => import("./pages/kgimport.js").then((m) => m.page(...a)) },
];
/** Above this many pages the navigation shows its groups (the admin's 13 pages in one row at 1366 px). */
const GROUPED_ABOVE = 6;
/** Detail pages reached from a list page, not shown in the navigation. */
const DETAILS = { news: research.newsItem, companies: kg.profile };

let me = null;
let cleanup = null;
let routes = 0; // a page still loading when the user moved on must not draw into the next one
const main = document.getElementById("main");

function pagesFor(role) { return PAGES.filter((p) => p.roles.includes(role)); }

function go(path) { location.hash = `#/${path}`; }

function renderShell() {
  document.title = t("智语 Zhiyu 控制台");
  document.getElementById("skip").textContent = t("跳到主要内容");
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", t("主导航"));
  const menu = document.getElementById("menu");
  menu.textContent = t("菜单");
  const lang = document.getElementById("lang");
  lang.textContent = currentLang() === "en" ? "中文" : "English";
  lang.lang = currentLang() === "en" ? "zh-CN" : "en";
  const signout = document.getElementById("signout");
  signout.textContent = t("退出登录");
  signout.hidden = !me;
  menu.hidden = !me;
  // names people gave themselves and their tenant are shown as given, never translated
  document.getElementById("who").replaceChildren(...(me ? [h("span", { translate: "no" }, me.name), ` · ${label("role", me.role)} · `,
    h("span", { translate: "no" }, me.tenantName)] : []));
  nav.replaceChildren(...navItems(me ? pagesFor(me.role) : []));
}

/** The role's pages as links; many pages are shown in their groups, each named above its links. */
function navItems(pages) {
  const link = (p) => h("a", { href: `#/${p.path}`, "data-page": p.path }, t(p.title));
  if (pages.length <= GROUPED_ABOVE) return pages.map(link);
  const groups = [...new Set(pages.map((p) => p.group))];
  return groups.map((g, i) => h("div", { class: "navgroup", role: "group", "aria-labelledby": `navgroup-${i}` },
    h("span", { class: "navgroup-name", id: `navgroup-${i}` }, t(g)),
    h("div", { class: "navgroup-links" }, pages.filter((p) => p.group === g).map(link))));
}

/** The label catalogue in the current language; without it pages still work, showing humanised keys. */
async function loadLabels() {
  if (!me) return;
  try { setLabels(await api("GET", `/api/labels?lang=${currentLang()}`)); } catch (e) { setLabels({}); }
}

function markCurrent(path) {
  document.querySelectorAll("#nav a").forEach((a) => {
    if (a.dataset.page === path) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
}

/** Stops the shown page (its polls and streams); a page still loading is told it lost its turn. */
function leavePage() {
  routes++;
  if (cleanup) { try { cleanup(); } catch (e) { /* page already gone */ } cleanup = null; }
}

/**
 * Ends the signed-in user's view: the page stops, answers still due to it are dropped, and the address loses its page
 * without a hashchange (which would draw the sign-in form a second time under the next user's typing).
 */
function signedOut() {
  leavePage();
  me = null;
  newSession();
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
}

async function route() {
  if (cleanup) { try { cleanup(); } catch (e) { /* page already gone */ } cleanup = null; }
  document.getElementById("nav").classList.remove("open");
  document.getElementById("menu").setAttribute("aria-expanded", "false");
  if (!me) { signIn(); return; }
  const [path, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const allowed = pagesFor(me.role);
  if (!path) { go(allowed[0].path); return; }
  const page = PAGES.find((p) => p.path === path);
  markCurrent(path);
  if (!page || !page.roles.includes(me.role)) {
    main.replaceChildren(h("h1", {}, t("无权访问")), h("p", { class: "state error", role: "alert" }, t("当前角色不能使用此页面。")));
    return;
  }
  const param = rest.length ? decodeURIComponent(rest.join("/")) : null;
  const render = param && DETAILS[path] ? DETAILS[path] : page.render;
  const seq = ++routes;
  const view = h("div", { class: "view" });
  main.replaceChildren(view);
  try {
    const done = await render(view, { me, param, go });
    if (seq !== routes) { if (done) try { done(); } catch (e) { /* page already gone */ } return; }
    cleanup = done;
  } catch (e) {
    if (seq !== routes) return;
    failed(view, e instanceof ApiError ? e : new ApiError(0, { detail: String(e.message || e) }), route);
  }
  main.focus({ preventScroll: true });
}

function signIn() {
  renderShell();
  const err = formError();
  const form = h("form", { class: "card signin", novalidate: true, "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, t("登录")),
    field("租户", input("tenant", { value: localStorage.getItem("zhiyu.tenant") || "demo", autocomplete: "organization", required: true })),
    field("用户名", input("username", { autocomplete: "username", required: true })),
    field("密码", input("password", { type: "password", autocomplete: "current-password", required: true })),
    err, h("button", { type: "submit" }, t("登录")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const missing = ["tenant", "username", "password"].filter((k) => !v[k]);
    if (missing.length) {
      showProblem(form, { message: "", errors: missing.map((f) => ({ field: f, message: "不能为空" })) });
      return;
    }
    try {
      me = await api("POST", "/api/session", v);
      newSession();
      localStorage.setItem("zhiyu.tenant", v.tenant);
      await loadLabels();
      renderShell();
      if (location.hash && location.hash !== "#/") route(); else go(pagesFor(me.role)[0].path);
    } catch (ex) {
      showProblem(form, ex);
      form.querySelector(".form-error").textContent = ex.message;
    }
  });
  main.replaceChildren(form);
  form.querySelector("input[name=username]").focus();
}

async function start() {
  whenSignedOut(() => { if (me) { signedOut(); toast("会话已过期，请重新登录"); signIn(); } });
  document.getElementById("lang").addEventListener("click", async () => {
    setLang(currentLang() === "en" ? "zh" : "en");
    await loadLabels();
    renderShell();
    route();
  });
  document.getElementById("signout").addEventListener("click", async () => {
    signedOut();
    try { await api("DELETE", "/api/session"); } catch (e) { /* signed out anyway */ }
    signIn();
  });
  const menu = document.getElementById("menu");
  menu.addEventListener("click", () => {
    const open = document.getElementById("nav").classList.toggle("open");
    menu.setAttribute("aria-expanded", String(open));
  });
  window.addEventListener("hashchange", route);
  try { me = await api("GET", "/api/session"); } catch (e) { me = null; }
  await loadLabels();
  renderShell();
  route();
}

start();
