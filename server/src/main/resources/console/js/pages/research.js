// Research pages: the news feed with filters, one news item beside its source values (review: edit, approve),
// the document list with processing status, subscriptions.
import { api, get, post, put, del } from "../api.js";
import { t } from "../i18n.js";
import { h, field, input, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, toast, time } from "../ui.js";

const NEWS = { PUBLISHED: ["已发布", "ok"], HELD_FOR_REVIEW: ["待审核", "warn"], BLOCKED: ["已拦截", "bad"] };
const DOCS = { RECEIVED: ["处理中", "live"], PROCESSING: ["处理中", "live"], DONE: ["已完成", "ok"], FAILED: ["失败", "bad"] };

function newsBadge(status) { const [l, k] = NEWS[status] || [status, ""]; return h("span", { "data-news-status": status }, badge(l, k)); }

export async function news(main, { go }) {
  const list = h("div", { id: "news-list" });
  const company = input("company", { type: "search", placeholder: "600016 / 民生银行" });
  const industry = select("industry", [["", t("全部")]]);
  const status = select("status", [["", t("全部")], ...Object.entries(NEWS).map(([k, [l]]) => [k, t(l)])]);
  const anomaly = h("input", { type: "checkbox", name: "anomaly", id: "only-anomalies" });
  const filters = h("form", { class: "card", role: "search", onsubmit: (e) => e.preventDefault() },
    h("div", { class: "row" }, field("公司", company), field("行业", industry), field("状态", status),
      h("div", { class: "field" }, h("span", { class: "label" }, t("异常")), h("label", { class: "checkbox", for: "only-anomalies" }, anomaly, t("只看异常")))));
  main.append(h("h1", {}, t("快讯")), filters, list);
  loading(list);
  const [docs, industries] = await Promise.all([get("/api/reports?limit=100"), get("/api/report-industries").catch(() => ({}))]);
  Object.keys(industries).forEach((name) => industry.append(h("option", { value: name }, name)));
  const done = docs.filter((d) => d.status === "DONE");
  const items = (await Promise.all(done.map(async (d) => {
    const [n, detail] = await Promise.all([get(`/api/reports/${d.id}/news`).catch(() => null), get(`/api/reports/${d.id}`).catch(() => null)]);
    return n && { doc: d, news: n, anomalies: detail ? detail.anomalies.length : 0 };
  }))).filter(Boolean);
  function draw() {
    const q = company.value.trim().toLowerCase();
    const codes = industry.value ? new Set(industries[industry.value]) : null;
    const shown = items.filter((x) => (!q || `${x.doc.info?.code} ${x.doc.info?.company}`.toLowerCase().includes(q))
      && (!codes || codes.has(x.doc.info?.code)) && (!status.value || x.news.status === status.value) && (!anomaly.checked || x.anomalies > 0));
    if (!shown.length) { empty(list, items.length ? "暂无数据" : "还没有报告，上传一份 PDF 开始。"); return; }
    list.replaceChildren(...shown.map((x) => h("article", { class: "card news-item", "data-report": x.doc.id },
      h("h3", {}, h("a", { href: `#/news/${x.doc.id}` }, x.news.headline)),
      h("p", { class: "muted" }, `${x.doc.info?.company || ""} ${x.doc.info?.code || ""} · ${x.doc.info?.period || ""} · `, newsBadge(x.news.status),
        x.anomalies ? h("span", {}, " ", badge(`${t("异常")} ${x.anomalies}`, "warn")) : null),
      h("p", {}, x.news.body))));
  }
  [company, industry, status, anomaly].forEach((c) => c.addEventListener("input", draw));
  draw();
}

export async function newsItem(main, { param }) {
  const id = encodeURIComponent(param);
  main.append(h("p", {}, h("a", { href: "#/news" }, `← ${t("返回")}`)));
  const body = h("div");
  main.append(body);
  loading(body);
  const [detail, item] = await Promise.all([get(`/api/reports/${id}`), get(`/api/reports/${id}/news`)]);
  const doc = detail.document;
  const state = h("span", { id: "news-status" });
  const problems = h("div", { class: "problems", id: "news-problems", role: "alert" });
  const headline = input("headline", { value: item.headline, maxlength: 200 });
  const text = h("textarea", { name: "body", rows: 12 }, item.body);
  const err = formError();
  const approve = h("button", { type: "button", id: "approve" }, t("批准发布"));
  const reason = input("reason", { maxlength: 200 });
  const reject = h("button", { type: "button", id: "reject", class: "secondary" }, t("驳回"));
  const form = h("form", { class: "card", id: "review-form", novalidate: true, "aria-labelledby": "review-title" },
    h("h2", { id: "review-title" }, t("审核"), " ", state), field("标题", headline), field("正文", text), problems, err,
    h("div", { class: "toolbar" }, h("button", { type: "submit", class: "secondary" }, t("保存修改")), approve),
    field("驳回原因", reason), h("div", { class: "toolbar" }, reject));
  function show(n) {
    state.replaceChildren(newsBadge(n.status));
    const reasons = n.problems || [];
    const title = n.status === "HELD_FOR_REVIEW" ? "未自动发布的原因（核对后可修改或批准）：" : "未通过的核对：";
    problems.replaceChildren(...(reasons.length ? [h("p", {}, h("strong", {}, t(title)))] : []), ...reasons.map((p) => h("p", {}, p)));
    approve.disabled = n.status !== "HELD_FOR_REVIEW";
    reject.disabled = n.status === "PUBLISHED";
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try { const n = await put(`/api/reports/${id}/news`, { headline: headline.value, body: text.value }); clearErrors(form); show(n); toast("已保存"); }
    catch (ex) { showProblem(form, ex); }
  });
  approve.addEventListener("click", async () => {
    try { const n = await post(`/api/reports/${id}/news/approve`); clearErrors(form); show(n); toast("已批准发布"); }
    catch (ex) { showProblem(form, ex); }
  });
  reject.addEventListener("click", async () => {
    try { const n = await post(`/api/reports/${id}/news/reject`, { reason: reason.value }); clearErrors(form); show(n); toast("已驳回"); }
    catch (ex) { showProblem(form, ex); }
  });
  show(item);
  const title = `${doc.info?.company || doc.fileName} ${doc.info?.period || ""}`.trim();
  const firstPage = (item.sources || []).map((c) => c.page).concat((detail.indicators || []).map((k) => k.current?.source?.page))
    .find((n) => n > 0) || 1;
  const viewer = pageViewer(id, title, doc.pages || 0, firstPage);
  const cells = citedCells(detail.indicators || []);
  const cellOf = (ref) => (ref && ref.page > 0 ? cells.get(cellKey(ref)) || { ...ref, label: ref.text } : null);
  const go = (n, cell) => (n > 0 ? viewer.button(n, cell) : "");
  const cite = (ref, text) => { const c = cellOf(ref); return c && text ? viewer.cellButton(c, text) : text; };
  const sources = h("section", { class: "card", "aria-labelledby": "sources-title" }, h("h2", { id: "sources-title" }, t("来源数值")),
    h("div", { class: "scroll" }, table([{ label: "页", render: (c) => go(c.page, cellOf(c)), num: true },
      { label: "项目", render: (c) => cellOf(c)?.label || "" }, { label: "指标值", render: (c) => cite(c, c.text) }], item.sources, { id: "sources" })),
    (item.quotes || []).length ? h("ul", { class: "plain" }, item.quotes.map((q) => h("li", {}, q))) : null);
  const val = (v) => (v ? `${v.number}${v.unit === "PERCENT" ? "%" : ""}` : "");
  const indicators = h("section", { class: "card" }, h("h2", {}, t("指标")),
    table([{ label: "指标", key: "label" }, { label: "本期", render: (k) => cite(k.current?.source, val(k.current)) },
      { label: "上期", render: (k) => cite(k.prior?.source, val(k.prior)) },
      { label: "页", render: (k) => go(k.current?.source?.page, cellOf(k.current?.source)) }], detail.indicators || [], { id: "indicators" }));
  const anomalies = (detail.anomalies || []).length ? await explanations(id, detail, { go, cellOf }) : null;
  body.replaceChildren(h("h1", {}, title),
    h("div", { class: "review-layout" }, h("div", { class: "review-values" }, form, sources, anomalies, indicators), viewer.panel));
  viewer.show(firstPage);
}

const say = (key, vars) => Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, v), t(key));
const ROLES = [["current", "本期"], ["prior", "上期"], ["change", "变动"]];
const cellKey = (ref) => (ref && ref.box ? `${ref.page}:${ref.box.x}:${ref.box.y}:${ref.box.width}:${ref.box.height}` : "");

/** Every cell the indicators cite, named "<indicator> <本期|上期|变动>", by page and box. */
function citedCells(indicators) {
  const out = new Map();
  for (const k of indicators) {
    for (const [role, label] of ROLES) {
      const s = k[role]?.source;
      if (s && s.page > 0 && !out.has(cellKey(s))) out.set(cellKey(s), { ...s, label: `${k.label} ${t(label)}` });
    }
  }
  return out;
}

/**
 * The anomalies with their matched explanation and, for research staff, a judgment per anomaly: 采纳 / 驳回 the
 * matched sentence or 换一句 (another of the report's candidate sentences). One POST is the whole judgment, the
 * controls are locked while it runs, errors stay next to the controls, and the history comes back from the server.
 */
async function explanations(id, detail, { go, cellOf }) {
  const list = h("ul", { class: "plain anomalies", id: "anomalies" });
  const section = h("section", { class: "card", "aria-labelledby": "anomalies-title" }, h("h2", { id: "anomalies-title" }, t("异常")), list);
  const current = (a) => (detail.indicators || []).find((k) => k.indicator === a.indicator)?.current?.source;
  let review = null, note = null;
  try { review = await get(`/api/reports/${id}/explanations`); } catch (ex) {
    note = h("p", { class: "muted", id: "judge-unavailable" }, ex.status === 403 ? t("只有研究员可以判断解释。") : `${t("解释判断暂不可用：")}${ex.message}`);
  }
  if (!review) {
    list.replaceChildren(...detail.anomalies.map((a, n) => h("li", { class: "anomaly", "data-anomaly": n }, a.statement, " ",
      go(current(a)?.page, cellOf(current(a))))));
    section.append(note);
    return section;
  }
  const items = review.anomalies.map((a) => anomalyItem(id, a, review.candidates, { go, cellOf, source: current(a), refresh }));
  list.replaceChildren(...items.map((x) => x.li));
  async function refresh() {
    const fresh = await get(`/api/reports/${id}/explanations`);
    fresh.anomalies.forEach((a, n) => items[n]?.update(a));
  }
  return section;
}

function anomalyItem(id, a, candidates, { go, cellOf, source, refresh }) {
  const n = a.anomalyIndex;
  const history = h("div", { class: "judgments", id: `judgments-${n}` });
  const accept = h("button", { type: "button", "data-verdict": "accept", "aria-describedby": `matched-${n}` }, t("采纳"));
  const reject = h("button", { type: "button", class: "secondary", "data-verdict": "reject", "aria-describedby": `matched-${n}` }, t("驳回"));
  const swap = h("button", { type: "button", class: "secondary", "data-action": "swap", "aria-expanded": "false", "aria-controls": `swap-${n}` }, t("换一句"));
  const others = rank(candidates.filter((c) => c !== a.matchedSentence), a.statement);
  const choice = select("sentence", [["", t("请选择…")], ...others.map((c) => [c, c.length > 60 ? `${c.slice(0, 60)}…` : c])]);
  const preview = h("p", { class: "sentence-preview", id: `preview-${n}`, "aria-live": "polite" });
  choice.addEventListener("change", () => { preview.textContent = choice.value; });
  const use = h("button", { type: "submit" }, t("用这句替换"));
  const cancel = h("button", { type: "button", class: "secondary", onclick: () => openSwap(false) }, t("取消"));
  const swapBox = h("div", { id: `swap-${n}`, class: "swap", hidden: true },
    field("候选解释", choice, "本报告中的其他候选句，按与异常描述的相似程度排序"), preview, h("div", { class: "toolbar" }, use, cancel));
  const err = formError();
  const form = h("form", { class: "judge", novalidate: true, "aria-label": `${t("判断解释")}：${a.statement}` },
    h("div", { class: "toolbar" }, accept, reject, swap), err, swapBox);
  const li = h("li", { class: "anomaly", "data-anomaly": n, "data-indicator": a.indicator },
    h("p", { class: "statement" }, h("strong", {}, a.statement), " ", go(source?.page, cellOf(source))),
    a.matchedSentence
      ? h("div", { class: "matched", id: `matched-${n}` }, h("span", { class: "muted" }, `${t("匹配到的解释")}（${t("相似度")} ${Number(a.score).toFixed(2)}）：`),
        h("blockquote", {}, a.matchedSentence), go(a.matchedPage))
      : h("p", { class: "muted matched", id: `matched-${n}` }, t("未匹配到解释；如报告中有解释它的句子，请用“换一句”指定。")),
    form, history);
  let busy = false;

  function openSwap(open) {
    swapBox.hidden = !open;
    swap.setAttribute("aria-expanded", String(open));
    if (open) choice.focus(); else swap.focus();
  }
  function lock(on) {
    busy = on;
    if (on) li.setAttribute("aria-busy", "true"); else li.removeAttribute("aria-busy");
    [accept, reject, swap, use, cancel, choice].forEach((c) => { c.disabled = on; });
    if (!on) { accept.disabled = !a.matchedSentence; swap.disabled = !others.length; }
  }
  async function judge(body, done) {
    if (busy) return;
    clearErrors(form);
    lock(true);
    let saved = null;
    try {
      saved = await post(`/api/reports/${id}/anomalies/${n}/explanation`, body);
    } catch (ex) {
      lock(false);
      if ((ex.errors || []).some((e) => e.field === "sentence") && swapBox.hidden) openSwap(true);
      showProblem(form, ex);
      return;
    }
    toast(done);
    try { await refresh(); } catch (ex) {
      update({ ...a, judgments: [...a.judgments, saved.judgment] }); // saved; only the re-read failed
    }
    lock(false);
    if (body.sentence) { choice.value = ""; preview.textContent = ""; openSwap(false); }
  }
  accept.addEventListener("click", () => judge({ verdict: "accept" }, "已采纳"));
  reject.addEventListener("click", () => judge({ verdict: "reject" }, "已驳回"));
  swap.addEventListener("click", () => openSwap(swapBox.hidden));
  swapBox.addEventListener("keydown", (e) => { if (e.key === "Escape" && !busy) { e.preventDefault(); openSwap(false); } });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!choice.value) { showProblem(form, { message: "", errors: [{ field: "sentence", message: t("请先选择一句候选解释") }] }); return; }
    judge({ verdict: "reject", sentence: choice.value }, "已换为所选句子");
  });

  function update(next) {
    a = next;
    const js = next.judgments || [];
    const latest = js[js.length - 1];
    li.dataset.verdict = latest ? latest.verdict : "";
    history.replaceChildren(...[
      next.conflict ? h("p", { class: "conflict", id: `conflict-${n}`, role: "status" }, badge("标注冲突", "bad"), " ",
        t("不同标注人选定的解释不一致，这条不会用于训练；请商议后重新判断。")) : null,
      js.length ? h("details", { open: true }, h("summary", {}, `${t("判断记录")}（${js.length}）`),
        h("ol", { class: "log" }, js.map((j) => h("li", { "data-verdict": j.verdict },
          `${time(j.judgedAt)} · ${j.annotator} · `, badge(j.verdict === "ACCEPT" ? "采纳" : "驳回", j.verdict === "ACCEPT" ? "ok" : "warn"),
          j.chosenSentence ? h("span", {}, ` ${t("换为")}：“${j.chosenSentence}”`) : null))))
        : h("p", { class: "muted" }, t("还没有判断。"))].filter(Boolean));
  }
  update(a);
  lock(false);
  if (!others.length) swap.title = t("本报告没有其他候选解释");
  return { li, update };
}

/** Candidates most like the anomaly's statement first (shared character pairs), the rest in report order. */
function rank(candidates, statement) {
  const pairs = (s) => new Set([...s].slice(1).map((c, i) => s[i] + c));
  const want = pairs(statement || "");
  const score = (c) => [...pairs(c)].filter((p) => want.has(p)).length;
  return candidates.map((c, i) => [c, score(c), i]).sort((x, y) => y[1] - x[1] || x[2] - y[2]).map(([c]) => c);
}

/**
 * The original PDF's page beside the values: one image at a time (GET /api/reports/{id}/pages/{n}, cached by the
 * browser), page buttons in the tables switch it, designed loading and error states (a report processed before
 * originals were kept says to upload it again). A chosen value's cell is outlined over the image: its box is in PDF
 * points, so it is placed in percent of the page's size in points (GET …/pages/{n}/info) and scales with the image.
 */
function pageViewer(id, title, pages, initial) {
  const status = h("span", { id: "page-status", "aria-live": "polite" });
  const frame = h("div", { class: "page-frame" });
  const image = h("img", { id: "page-image", class: "page-image", alt: "", decoding: "async" });
  const stage = h("div", { class: "page-stage" }, image);
  const note = h("p", { class: "cell-note", id: "cell-note", "aria-live": "polite" });
  const prev = h("button", { type: "button", class: "secondary", id: "page-prev" }, `‹ ${t("上一页")}`);
  const next = h("button", { type: "button", class: "secondary", id: "page-next" }, `${t("下一页")} ›`);
  const panel = h("section", { class: "card page-panel", "aria-labelledby": "page-title" },
    h("h2", { id: "page-title" }, t("原文页面")), h("div", { class: "toolbar page-tools" }, prev, status, next), note, frame);
  const buttons = [], cellButtons = [];
  const sizes = new Map();
  let current = 0, seq = 0, placing = 0, cited = null, loaded = 0;

  function mark() {
    status.textContent = pages ? say("第 {n} / {total} 页", { n: current, total: pages }) : say("第 {n} 页", { n: current });
    prev.disabled = current <= 1;
    next.disabled = pages > 0 && current >= pages;
    buttons.forEach((b) => {
      const on = Number(b.dataset.gotoPage) === current;
      b.classList.toggle("current", on);
      if (on) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    cellButtons.forEach((b) => {
      const on = cited && b.dataset.cell === cellKey(cited);
      b.classList.toggle("chosen", Boolean(on));
      b.setAttribute("aria-pressed", String(Boolean(on)));
    });
  }

  async function explain(n, mine) {
    let err = null;
    try { await api("GET", `/api/reports/${id}/pages/${n}`, undefined, { raw: true }); } catch (ex) { err = ex; }
    if (mine !== seq) return;
    if (err && err.status === 404 && /原文未保留|not kept/.test(err.message)) {
      frame.replaceChildren(h("div", { class: "state error", role: "alert", id: "page-error" }, h("strong", {}, t("原文未保留，请重新上传")),
        h("br"), err.message, h("div", {}, h("a", { href: "#/documents" }, t("去上传")))));
      return;
    }
    failed(frame, err || { message: t("页面无法显示") }, () => show(n));
    frame.firstChild.id = "page-error";
  }

  function size(n) {
    if (!sizes.has(n)) sizes.set(n, get(`/api/reports/${id}/pages/${n}/info`).catch((ex) => { sizes.delete(n); throw ex; }));
    return sizes.get(n);
  }

  /** Outlines the cited cell when its page is the one shown; says what is outlined (or why nothing is). */
  async function place(reveal) {
    const mine = ++placing;
    stage.querySelectorAll(".cell-mark").forEach((e) => e.remove());
    const c = cited;
    if (!c) { note.textContent = ""; return; }
    const what = say("第 {n} 页 表格单元格：{label}", { n: c.page, label: c.label });
    if (c.page !== current) { note.textContent = `${t("所选单元格")}：${what}`; return; }
    const b = c.box;
    if (!(b && b.width > 0 && b.height > 0)) { note.textContent = `${what}（${t("没有位置信息，无法在页面上标出")}）`; return; }
    let pt;
    try { pt = await size(c.page); } catch (ex) {
      if (mine === placing) note.textContent = `${what}（${t("无法标出位置：")}${ex.message}）`;
      return;
    }
    if (mine !== placing || loaded !== current) return;
    const pad = 2, W = pt.widthPt, H = pt.heightPt;
    const x0 = Math.max(0, b.x - pad), y0 = Math.max(0, b.y - pad);
    const x1 = Math.min(W, b.x + b.width + pad), y1 = Math.min(H, b.y + b.height + pad);
    const el = h("div", { class: "cell-mark", id: "cell-mark", role: "img", "aria-label": what, "data-cell": cellKey(c) },
      h("span", { class: "visually-hidden" }, what));
    Object.assign(el.style, { left: `${(100 * x0) / W}%`, top: `${(100 * y0) / H}%`, width: `${(100 * (x1 - x0)) / W}%`, height: `${(100 * (y1 - y0)) / H}%` });
    stage.append(el);
    note.textContent = `${t("已标出")}：${what}`;
    if (reveal) show_(el);
  }

  /** Scrolls the outlined cell into sight: inside the sticky panel on wide screens, the page itself on phones. */
  function show_(el) {
    const p = panel.getBoundingClientRect(), m = el.getBoundingClientRect();
    if (panel.scrollHeight > panel.clientHeight + 1) {
      if (m.top < p.top || m.bottom > p.bottom) panel.scrollTop += m.top - p.top - Math.max(0, (p.height - m.height) / 2);
    } else if (m.top < 0 || m.bottom > innerHeight) el.scrollIntoView({ block: "center" });
  }

  function show(n, reveal = false) {
    if (!(n >= 1) || (pages && n > pages)) return;
    if (n === current && loaded === n && frame.contains(stage)) { mark(); place(reveal); return; }
    const mine = ++seq;
    current = n;
    loaded = 0;
    mark();
    loading(frame, "正在渲染页面…");
    image.onload = () => { if (mine === seq) { loaded = n; frame.replaceChildren(stage); place(reveal); } };
    image.onerror = () => explain(n, mine);
    image.alt = `${title} ${say("原文第 {n} 页", { n })}${pages ? say("（共 {total} 页）", { total: pages }) : ""}`;
    image.src = `/api/reports/${id}/pages/${n}`;
    place(false);
  }

  function cite(cell) {
    cited = cell;
    show(cell.page, true);
    mark();
  }

  /** A page number; with a cell it also outlines that cell on the page. */
  function button(n, cell) {
    const b = h("button", { type: "button", class: "page-link", "data-goto-page": n, "aria-label": cell
      ? say("查看原文第 {n} 页并标出：{label}", { n, label: cell.label }) : say("查看原文第 {n} 页", { n }),
    onclick: () => {
      if (cell) { cite(cell); return; }
      show(n);
      if (!panel.contains(document.activeElement) && panel.getBoundingClientRect().top > innerHeight) panel.scrollIntoView({ block: "start" });
    } }, String(n));
    buttons.push(b);
    if (n === current) b.classList.add("current");
    return b;
  }

  /** A value that, chosen, outlines its cell on the original page. */
  function cellButton(cell, text) {
    const b = h("button", { type: "button", class: "cell-link", "data-cell": cellKey(cell), "data-cell-page": cell.page, "aria-pressed": "false",
      "aria-label": say("{value}：在原文第 {n} 页标出 {label}", { value: text, n: cell.page, label: cell.label }), onclick: () => cite(cell) }, text);
    cellButtons.push(b);
    return b;
  }

  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  current = initial;
  return { panel, show, button, cellButton };
}

export async function documents(main) {
  const box = h("div");
  const file = input("file", { type: "file", accept: ".pdf,application/pdf" });
  const err = formError();
  const submit = h("button", { type: "submit" }, t("上传"));
  const form = h("form", { class: "card", id: "report-form", novalidate: true, "aria-labelledby": "report-form-title" },
    h("h2", { id: "report-form-title" }, t("上传报告（PDF）")), field("文件", file), err, submit);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const f = file.files[0];
    if (!f) { showProblem(form, { message: "", errors: [{ field: "file", message: t("请先选择文件") }] }); return; }
    submit.disabled = true;
    try {
      await api("POST", `/api/reports?name=${encodeURIComponent(f.name)}`, f, { contentType: "application/pdf" });
      toast("正在处理，完成后快讯会出现在快讯页。");
      form.reset();
      refresh();
    } catch (ex) {
      ex.errors = ex.errors.length ? ex.errors : [{ field: "file", message: ex.message }];
      showProblem(form, ex);
    } finally { submit.disabled = false; }
  });
  let timer = null;
  async function refresh() {
    try {
      const docs = await get("/api/reports?limit=100");
      if (!docs.length) { empty(box, "还没有报告，上传一份 PDF 开始。"); return; }
      box.replaceChildren(table([{ label: "文件", key: "fileName" },
        { label: "公司", render: (d) => (d.info ? `${d.info.company} ${d.info.code}` : "") },
        { label: "状态", render: (d) => { const [l, k] = DOCS[d.status]; return h("span", { "data-doc-status": d.status }, badge(l, k), d.problem ? ` ${d.detail || d.problem}` : ""); } },
        { label: "页数", key: "pages", num: true }, { label: "收到时间", render: (d) => time(d.receivedAt) },
        { label: "操作", render: (d) => (d.status === "DONE" ? h("a", { href: `#/news/${d.id}` }, t("快讯")) : "") }], docs, { id: "documents" }));
      const busy = docs.some((d) => d.status === "RECEIVED" || d.status === "PROCESSING");
      clearTimeout(timer);
      if (busy) timer = setTimeout(refresh, 1500);
    } catch (ex) { failed(box, ex, refresh); }
  }
  main.append(h("h1", {}, t("报告文档")), form, h("section", { class: "card" }, box));
  loading(box);
  await refresh();
  return () => clearTimeout(timer);
}

export async function subscriptions(main, { me } = {}) {
  // webhooks make the server call a URL, so only admins may add or remove them (the server enforces it too)
  const admin = me?.role === "admin";
  const box = h("div");
  const err = formError();
  const form = h("form", { class: "card", id: "subscription-form", novalidate: true }, h("h2", {}, t("新建订阅")),
    h("div", { class: "row" },
      field("范围", select("scope", [["company", "公司"], ["industry", "行业"], ["watchlist", "自选"]].map(([v, l]) => [v, t(l)]))),
      field("范围名称", input("scopeName", { maxlength: 100 })), field("代码（逗号分隔）", input("codes", { placeholder: "600016,601398" }))),
    h("div", { class: "row" }, field("渠道", select("channel", [["atom", "Atom"], ...(admin ? [["webhook", "Webhook"]] : []), ["email", "Email"]]),
        admin ? null : "Webhook 订阅只能由管理员添加"),
      field("目标", input("target", { maxlength: 500 })), field("签名密钥", input("secret", { type: "password", autocomplete: "new-password" }))),
    err, h("button", { type: "submit" }, t("添加")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const body = { scope: v.scope, scopeName: v.scopeName || null, channel: v.channel, target: v.target || null, secret: v.secret || null,
      codes: v.codes ? v.codes.split(/[,，\s]+/).filter(Boolean) : [] };
    try { await post("/api/report-subscriptions", body); clearErrors(form); form.reset(); toast("已保存"); refresh(); }
    catch (ex) { showProblem(form, ex); }
  });
  async function refresh() {
    loading(box);
    try {
      const subs = await get("/api/report-subscriptions");
      if (!subs.length) { empty(box, "还没有订阅。"); return; }
      const scopes = { company: "公司", industry: "行业", watchlist: "自选" };
      const channels = { atom: "Atom", webhook: "Webhook", email: "Email" };
      box.replaceChildren(table([{ label: "范围", render: (s) => t(scopes[s.scope] || s.scope) }, { label: "范围名称", key: "scopeName" },
        { label: "代码（逗号分隔）", render: (s) => [...(s.codes || [])].join(", ") }, { label: "渠道", render: (s) => channels[s.channel] || s.channel }, { label: "目标", key: "target" },
        { label: "操作", render: (s) => (s.channel === "WEBHOOK" && !admin ? "" : h("button", { type: "button", class: "secondary", "aria-label": `${t("删除")} ${s.id}`,
          onclick: async () => { try { await del(`/api/report-subscriptions/${s.id}`); refresh(); } catch (ex) { toast(ex.message); } } }, t("删除"))) }], subs));
    } catch (ex) { failed(box, ex, refresh); }
  }
  main.append(h("h1", {}, t("订阅")), form, h("section", { class: "card" }, box));
  await refresh();
}
