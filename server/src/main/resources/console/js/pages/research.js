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
    problems.replaceChildren(...(n.problems || []).map((p) => h("p", {}, p)));
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
  const go = (n) => (n > 0 ? viewer.button(n) : "");
  const sources = h("section", { class: "card", "aria-labelledby": "sources-title" }, h("h2", { id: "sources-title" }, t("来源数值")),
    h("div", { class: "scroll" }, table([{ label: "页", render: (c) => go(c.page), num: true }, { label: "指标值", key: "text" }], item.sources, { id: "sources" })),
    (item.quotes || []).length ? h("ul", { class: "plain" }, item.quotes.map((q) => h("li", {}, q))) : null);
  const val = (v) => (v ? `${v.number}${v.unit === "PERCENT" ? "%" : ""}` : "");
  const indicators = h("section", { class: "card" }, h("h2", {}, t("指标")),
    table([{ label: "指标", key: "label" }, { label: "本期", render: (k) => val(k.current) }, { label: "上期", render: (k) => val(k.prior) },
      { label: "页", render: (k) => go(k.current?.source?.page) }], detail.indicators || [], { id: "indicators" }));
  const anomalies = (detail.anomalies || []).length ? h("section", { class: "card" }, h("h2", {}, t("异常")),
    h("ul", { class: "plain", id: "anomalies" }, detail.anomalies.map((a) => h("li", {}, a.statement, " ", go(a.source?.current?.source?.page))))) : null;
  body.replaceChildren(h("h1", {}, title),
    h("div", { class: "review-layout" }, h("div", { class: "review-values" }, form, sources, anomalies, indicators), viewer.panel));
  viewer.show(firstPage);
}

/**
 * The original PDF's page beside the values: one image at a time (GET /api/reports/{id}/pages/{n}, cached by the
 * browser), page buttons in the tables switch it, designed loading and error states (a report processed before
 * originals were kept says to upload it again).
 */
function pageViewer(id, title, pages, initial) {
  const status = h("span", { id: "page-status", "aria-live": "polite" });
  const frame = h("div", { class: "page-frame" });
  const image = h("img", { id: "page-image", class: "page-image", alt: "", decoding: "async" });
  const prev = h("button", { type: "button", class: "secondary", id: "page-prev" }, `‹ ${t("上一页")}`);
  const next = h("button", { type: "button", class: "secondary", id: "page-next" }, `${t("下一页")} ›`);
  const panel = h("section", { class: "card page-panel", "aria-labelledby": "page-title" },
    h("h2", { id: "page-title" }, t("原文页面")), h("div", { class: "toolbar page-tools" }, prev, status, next), frame);
  const buttons = [];
  let current = 0, seq = 0;
  const say = (key, vars) => Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, v), t(key));

  function mark() {
    status.textContent = pages ? say("第 {n} / {total} 页", { n: current, total: pages }) : say("第 {n} 页", { n: current });
    prev.disabled = current <= 1;
    next.disabled = pages > 0 && current >= pages;
    buttons.forEach((b) => {
      const on = Number(b.dataset.gotoPage) === current;
      b.classList.toggle("current", on);
      if (on) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
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

  function show(n) {
    if (!(n >= 1) || (pages && n > pages)) return;
    const mine = ++seq;
    current = n;
    mark();
    loading(frame, "正在渲染页面…");
    image.onload = () => { if (mine === seq) frame.replaceChildren(image); };
    image.onerror = () => explain(n, mine);
    image.alt = `${title} ${say("原文第 {n} 页", { n })}${pages ? say("（共 {total} 页）", { total: pages }) : ""}`;
    image.src = `/api/reports/${id}/pages/${n}`;
  }

  function button(n) {
    const b = h("button", { type: "button", class: "page-link", "data-goto-page": n, "aria-label": say("查看原文第 {n} 页", { n }),
      onclick: () => { show(n); if (!panel.contains(document.activeElement) && panel.getBoundingClientRect().top > innerHeight) panel.scrollIntoView({ block: "start" }); } }, String(n));
    buttons.push(b);
    if (n === current) b.classList.add("current");
    return b;
  }

  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  current = initial;
  return { panel, show, button };
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

export async function subscriptions(main) {
  const box = h("div");
  const err = formError();
  const form = h("form", { class: "card", id: "subscription-form", novalidate: true }, h("h2", {}, t("新建订阅")),
    h("div", { class: "row" },
      field("范围", select("scope", [["company", "公司"], ["industry", "行业"], ["watchlist", "自选"]].map(([v, l]) => [v, t(l)]))),
      field("范围名称", input("scopeName", { maxlength: 100 })), field("代码（逗号分隔）", input("codes", { placeholder: "600016,601398" }))),
    h("div", { class: "row" }, field("渠道", select("channel", [["atom", "Atom"], ["webhook", "Webhook"], ["email", "Email"]])),
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
      box.replaceChildren(table([{ label: "范围", key: "scope" }, { label: "范围名称", key: "scopeName" },
        { label: "代码（逗号分隔）", render: (s) => [...(s.codes || [])].join(", ") }, { label: "渠道", key: "channel" }, { label: "目标", key: "target" },
        { label: "操作", render: (s) => h("button", { type: "button", class: "secondary", "aria-label": `${t("删除")} ${s.id}`,
          onclick: async () => { try { await del(`/api/report-subscriptions/${s.id}`); refresh(); } catch (ex) { toast(ex.message); } } }, t("删除")) }], subs));
    } catch (ex) { failed(box, ex, refresh); }
  }
  main.append(h("h1", {}, t("订阅")), form, h("section", { class: "card" }, box));
  await refresh();
}
