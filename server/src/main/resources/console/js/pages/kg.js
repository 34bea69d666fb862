// Enterprise profiles: search by name or code, a profile with the equity penetration chart (expandable levels),
// controller and beneficial owners with their evidence paths, related parties, tags, events, indicators.
import { get } from "../api.js";
import { t } from "../i18n.js";
import { h, field, input, table, badge, loading, empty, failed, showProblem, clearErrors, formError, chart, esc } from "../ui.js";

const CONTROL = { CONTROLLED: ["有实际控制人", "ok"], NO_CONTROLLER: ["无实际控制人", ""], INCOMPLETE: ["控制链数据不全", "warn"] };
const BASES = { OWNERSHIP_25: "持股不低于25%", VOTING_25: "表决权不低于25%", CONTROL: "实际控制", SENIOR_MANAGER: "高级管理人员兜底",
  DECLARED: "来源申报" };
const ATTRIBUTES = { status: "经营状态", region: "地区", industry: "行业", registeredCapital: "注册资本", listingCode: "上市代码" };
const pct = (x) => (x === null || x === undefined ? "—" : `${(100 * x).toFixed(2)}%`);

export async function search(main, { go }) {
  const results = h("div", { id: "company-results", "aria-live": "polite" });
  const q = input("q", { type: "search", autocomplete: "off", value: sessionStorage.getItem("zhiyu.kg.q") || "" });
  const err = formError();
  const form = h("form", { class: "card", role: "search", id: "company-search", novalidate: true },
    h("div", { class: "row" }, field("名称、简称、曾用名或代码", q), h("div", { class: "field" }, h("button", { type: "submit" }, t("搜索")))), err);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    sessionStorage.setItem("zhiyu.kg.q", q.value);
    loading(results);
    try {
      const found = await get(`/api/console/companies?q=${encodeURIComponent(q.value)}`);
      // while the search index is (re)built after a restart the answer is partial: say what may be missing
      const partial = found.partial ? h("p", { class: "muted", id: "search-partial", role: "status" }, badge("结果不全", "warn"), " ",
        found.note) : null;
      if (!found.hits.length) { empty(results, "没有找到匹配的企业。"); if (partial) results.prepend(partial); return; }
      results.replaceChildren(...[partial].filter(Boolean), h("ul", { class: "card plain", id: "hits" }, found.hits.map((x) => h("li", {},
        h("a", { href: `#/companies/${encodeURIComponent(x.id)}` }, x.name), " ",
        h("span", { class: "muted" }, [x.listingCode, x.id].filter(Boolean).join(" · ")),
        x.formerNames.length ? h("span", { class: "muted" }, ` · ${t("曾用名")}：${x.formerNames.join("、")}`) : null))));
    } catch (ex) { results.replaceChildren(); showProblem(form, ex); }
  });
  const status = h("p", { id: "kg-status", class: "muted", "aria-live": "polite" });
  main.append(h("h1", {}, t("企业档案")), status, form, results);
  readiness(status);
  q.focus();
  if (q.value) form.requestSubmit();
}

// While the tenant's graph is loading (after a restart: reading its snapshot, or rebuilding), say so and how far it got;
// once it answers but the rest of its saved index is still being read, a small line says queries work and writes wait.
const READINESS = { LOADING: ["图谱加载中", "live"], SERVING_PARTIAL: ["部分就绪", "live"], REBUILDING: ["图谱重建中", "warn"],
  FAILED: ["图谱加载失败", "warn"] };
async function readiness(el, tries = 0) {
  if (!el.isConnected && tries > 0) return;
  try {
    const r = await get("/api/kg/status");
    if (r.state === "READY") { el.replaceChildren(); return; }
    const part = r.state === "LOADING" && r.total > 0 ? `（${Math.floor((100 * r.done) / r.total)}%）` : "";
    el.replaceChildren(badge(...(READINESS[r.state] || [r.state, ""])), " ", `${r.message}${part}`);
    if (r.state !== "FAILED" && tries < 600) setTimeout(() => readiness(el, tries + 1), 2000);
  } catch (ex) { el.replaceChildren(); }
}

function party(p) { return p ? h("a", { href: `#/companies/${encodeURIComponent(p.id)}` }, p.name) : t("无"); }

function evidence(paths) {
  return h("ul", { class: "plain path" }, paths.map((p) => h("li", {},
    p.steps.map((s) => `${s.holder.name} —${pct(s.equity ?? s.voting)}→ ${s.company.name}`).join("；"), ` (${pct(p.product)})`)));
}

export async function profile(main, { param }) {
  const ref = encodeURIComponent(param);
  main.append(h("p", {}, h("a", { href: "#/companies" }, `← ${t("返回")}`)));
  const body = h("div");
  main.append(body);
  loading(body);
  const [p, related, tags] = await Promise.all([get(`/api/kg/companies/${ref}/profile`),
    get(`/api/kg/companies/${ref}/related-parties`).catch(() => []), get(`/api/kg/companies/${ref}/tags`).catch(() => [])]);
  const c = p.company;
  const facts = h("dl", { class: "facts" }, h("dt", {}, t("编号")), h("dd", {}, c.id),
    c.formerNames.length ? [h("dt", {}, t("曾用名")), h("dd", {}, c.formerNames.join("、"))] : null,
    Object.entries(c.attributes).map(([k, v]) => [h("dt", {}, t(ATTRIBUTES[k] || k)), h("dd", {}, (p.display || {})[k] ?? v)]));
  const ctl = p.controller;
  const controller = h("section", { class: "card", id: "controller" }, h("h2", {}, t("实际控制人")),
    h("p", {}, party(ctl.controller), " ", badge(...(CONTROL[ctl.status] || [ctl.status])), ctl.stateOwned ? badge("国有", "live") : null),
    ctl.chain && ctl.chain.length ? h("p", { class: "path" }, ctl.chain.map((x) => x.name).join(" → ")) : null,
    ctl.explanation ? h("p", { class: "muted" }, ctl.explanation) : null);
  const owners = p.beneficialOwners.owners;
  const bo = h("section", { class: "card", id: "beneficial-owners" }, h("h2", {}, t("受益所有人")),
    owners.length ? table([{ label: "名称", render: (o) => party(o.person) }, { label: "持股", render: (o) => pct(o.ownership), num: true },
      { label: "表决权", render: (o) => pct(o.votes), num: true }, { label: "依据", render: (o) => o.bases.map((x) => t(BASES[x] || x)).join("、") },
      { label: "证据路径", render: (o) => evidence(o.paths) }], owners) : h("p", { class: "muted" }, t("无")));
  const rel = h("section", { class: "card" }, h("h2", {}, t("关联方")), related.length
    ? table([{ label: "名称", render: (r) => party(r.party) }, { label: "原因", render: (r) => r.reasons.join("；") }], related)
    : h("p", { class: "muted" }, t("无")));
  const allTags = [...new Set([...(p.tags || []), ...tags])];
  const tagBox = h("section", { class: "card" }, h("h2", {}, t("标签")),
    allTags.length ? h("p", { class: "toolbar" }, allTags.map((x) => badge(x, "live"))) : h("p", { class: "muted" }, t("无")));
  const events = h("section", { class: "card" }, h("h2", {}, t("事件")), p.events.length
    ? table([{ label: "日期", key: "date" }, { label: "类型", key: "type" }, { label: "标题", key: "title" }], p.events)
    : h("p", { class: "muted" }, t("无")));
  body.replaceChildren(h("h1", {}, c.name), h("div", { class: "grid" }, h("section", { class: "card" }, h("h2", {}, t("基本信息")), facts), controller),
    penetration(ref), bo, h("div", { class: "grid" }, rel, tagBox, events));
}

/** Holders on the left (up) or holdings on the right (down); on a phone the tree grows vertically instead. */
function treeOption(root, direction, narrow) {
  const up = direction === "up";
  const orient = narrow ? (up ? "BT" : "TB") : (up ? "RL" : "LR");
  const side = narrow ? { top: 60, bottom: 60, left: 20, right: 20 } : { top: 20, bottom: 20, left: 170, right: 170 };
  const labelAt = narrow ? (up ? "top" : "bottom") : (up ? "right" : "left");
  const leafAt = narrow ? (up ? "top" : "bottom") : (up ? "left" : "right");
  const namesOnly = (n) => ({ ...n, label: undefined, children: n.children.map(namesOnly) }); // shares in the tooltip
  // the tooltip is HTML: names come from imported data, so each value is escaped (a name can be "<img onerror=…>")
  return { tooltip: { trigger: "item", formatter: (x) => `${esc(x.name)}<br>${esc(t("穿透"))} ${esc(pct(x.value))}` },
    series: [{ type: "tree", data: [narrow ? namesOnly(root) : root], orient, ...side, symbolSize: 10, initialTreeDepth: -1, expandAndCollapse: true,
      label: { position: labelAt, fontSize: narrow ? 10 : 12, rotate: 0 }, leaves: { label: { position: leafAt } }, animationDuration: 300 }] };
}

function penetration(ref) {
  const box = h("div", { class: "chart tall", id: "penetration-chart", role: "img", "aria-label": t("股权穿透") });
  const info = h("p", { class: "muted", id: "penetration-info", "aria-live": "polite" });
  let levels = 1;
  let direction = "up";
  let root = null;
  let narrow = false;
  new ResizeObserver(() => {
    if (root && (box.clientWidth < 600) !== narrow) { narrow = !narrow; chart(box, treeOption(root, direction, narrow)); }
  }).observe(box);
  const more = h("button", { type: "button", id: "expand", onclick: () => { levels++; draw(); } }, t("展开一层"));
  const less = h("button", { type: "button", class: "secondary", id: "collapse", onclick: () => { if (levels > 1) { levels--; draw(); } } }, t("收起一层"));
  const dir = h("button", { type: "button", class: "secondary", "aria-pressed": "false", onclick: () => {
    direction = direction === "up" ? "down" : "up";
    dir.setAttribute("aria-pressed", String(direction === "down"));
    dir.textContent = t(direction === "up" ? "向下（投资）" : "向上（股东）");
    draw();
  } }, t("向下（投资）"));
  // labels are drawn on the canvas, not parsed as HTML; a function (not a template string) keeps ECharts from
  // reading {a}/{b} placeholders inside a company's name
  const toNode = (n) => {
    const text = `${n.party.name}${n.direct != null ? `\n${t("直接")} ${pct(n.direct)} · ${t("穿透")} ${pct(n.effective)}` : ""}`;
    return { name: n.party.name, value: n.effective, label: { formatter: () => text }, children: n.children.map(toNode) };
  };
  const count = (n) => 1 + n.children.reduce((a, c) => a + count(c), 0);
  const depth = (n) => (n.children.length ? 1 + Math.max(...n.children.map(depth)) : 0);
  async function draw() {
    more.disabled = true;
    try {
      const tree = await get(`/api/kg/companies/${ref}/penetration?direction=${direction}&levels=${levels}`);
      const n = count(tree);
      box.dataset.nodes = n;
      box.dataset.levels = levels;
      info.textContent = `${t("层级")} ${levels} · ${n} ${t("节点")}`;
      more.disabled = depth(tree) < levels;
      less.disabled = levels <= 1;
      root = toNode(tree);
      narrow = box.clientWidth < 600;
      await chart(box, treeOption(root, direction, narrow));
    } catch (ex) { failed(box, ex, draw); }
  }
  draw();
  return h("section", { class: "card", "aria-labelledby": "pen-title" }, h("h2", { id: "pen-title" }, t("股权穿透")),
    h("div", { class: "toolbar" }, more, less, dir), info, box);
}
