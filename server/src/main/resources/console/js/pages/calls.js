// Operator pages: call lists (preview, column mapping, per-row errors), tasks (create, control, progress), opt-outs.
import { api, get, post, del } from "../api.js";
import { t, label } from "../i18n.js";
import { h, field, input, select, table, badge, literal, loading, empty, failed, showProblem, clearErrors, formError, toast, percent, time } from "../ui.js";

const STATUS_KIND = { RUNNING: "live", PAUSED: "warn", COMPLETED: "ok", STOPPED: "bad", CREATED: "" };

/** The first rows of a CSV for the preview (quotes handled; enough for a header and 5 rows). */
function parseCsv(text, maxRows) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if ((cell || row.length) && rows.length < maxRows) { row.push(cell); rows.push(row); }
  return rows.map((r) => r.map((c) => c.replace(/^\uFEFF/, "")));
}

export async function lists(main) {
  const listsBox = h("div");
  const result = h("div", { id: "upload-result", "aria-live": "polite" });
  const preview = h("div", { class: "preview", id: "preview" });
  const file = input("file", { type: "file", accept: ".csv,.xlsx,text/csv", required: true });
  const phoneColumn = select("phoneColumn", [["", t("自动识别")]]);
  const target = select("list", [["", t("新建名单")]]);
  const name = input("name", { maxlength: 100 });
  const err = formError();
  const submit = h("button", { type: "submit" }, t("上传"));
  const form = h("form", { class: "card", id: "upload-form", novalidate: true, "aria-labelledby": "upload-title" },
    h("h2", { id: "upload-title" }, t("上传名单")),
    h("div", { class: "row" }, field("名单文件（CSV 或 XLSX）", file), field("名单名称", name), field("追加到已有名单", target),
      field("号码列", phoneColumn, "不选则按列名自动识别")),
    preview, err, submit);

  file.addEventListener("change", async () => {
    clearErrors(form);
    preview.replaceChildren();
    phoneColumn.replaceChildren(h("option", { value: "" }, t("自动识别")));
    const f = file.files[0];
    if (!f) return;
    if (!name.value) name.value = f.name.replace(/\.(csv|xlsx)$/i, "");
    if (/\.xlsx$/i.test(f.name)) { preview.replaceChildren(h("p", { class: "muted" }, t("XLSX 文件由服务器解析，不在浏览器预览。"))); return; }
    const rows = parseCsv(await f.slice(0, 64 * 1024).text(), 6);
    if (!rows.length) return;
    rows[0].forEach((c) => phoneColumn.append(h("option", { value: c }, c)));
    preview.replaceChildren(h("h3", {}, t("预览（前 5 行）")),
      table(rows[0].map((c, i) => ({ label: c, render: (r) => r[i] })), rows.slice(1), { id: "preview-table" }));
    const query = rows[0].map((c) => `column=${encodeURIComponent(c.trim())}`).join("&");
    try {
      const fit = await get(`/api/calls/lists/coverage?${query}`);
      if (file.files[0] === f) preview.append(coverage(fit.scenarios));
    } catch (ex) { preview.append(h("p", { class: "state error", role: "alert" }, ex.message)); }
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const f = file.files[0];
    if (!f) { showProblem(form, { message: "", errors: [{ field: "file", message: t("请先选择文件") }] }); return; }
    const body = new FormData();
    body.append("file", f, f.name);
    for (const [k, c] of [["name", name], ["list", target], ["phoneColumn", phoneColumn]]) if (c.value) body.append(k, c.value);
    const background = f.size > BACKGROUND_BYTES; // large files import as a job the page follows
    if (background) body.append("async", "true");
    submit.disabled = true;
    loading(result, "上传");
    try {
      const r = await api("POST", "/api/calls/lists", body);
      if (background) { await follow(r.id); return; }
      showResult(result, r);
      toast("已上传");
      await refresh();
    } catch (ex) {
      result.replaceChildren();
      showProblem(form, ex);
    } finally {
      submit.disabled = false;
    }
  });

  /** Polls a background import every second until it is over; the list appears in the table only at 完成. */
  async function follow(id) {
    for (;;) {
      const job = await get(`/api/calls/lists/imports/${id}`);
      if (job.status === "完成") {
        showResult(result, { rows: job.rowsRead, imported: job.imported, duplicates: job.duplicates,
          rejected: job.rejected, errors: job.errors });
        toast("已上传");
        await refresh();
        return;
      }
      if (job.status === "失败") {
        result.replaceChildren(h("section", { class: "card", "aria-labelledby": "result-title" },
          h("h2", { id: "result-title" }, t("上传结果")), h("p", { class: "state error", role: "alert" }, job.error)));
        return;
      }
      showJob(result, job);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async function refresh() {
    loading(listsBox);
    try {
      const all = await get("/api/calls/lists");
      target.replaceChildren(h("option", { value: "" }, t("新建名单")), ...all.map((l) => h("option", { value: l.listId }, `${l.name} (${l.listId})`)));
      if (!all.length) { empty(listsBox, "还没有名单，先上传一个。"); return; }
      listsBox.replaceChildren(table([
        { label: "名称", key: "name" }, { label: "编号", key: "listId" }, { label: "线索数", key: "leads", num: true },
        { label: "创建时间", render: (l) => time(l.createdAt) }], all, { id: "lists-table" }));
    } catch (ex) { failed(listsBox, ex, refresh); }
  }

  main.append(h("h1", {}, t("名单")), form, result, h("section", { class: "card", "aria-labelledby": "lists-title" },
    h("h2", { id: "lists-title" }, t("已有名单")), listsBox));
  await refresh();
}

/** Files above this size are imported in the background (POST …?async=true) with a progress bar. */
const BACKGROUND_BYTES = 2 * 1024 * 1024;

function showJob(box, job) {
  const pct = Math.round(100 * job.progress);
  box.replaceChildren(h("section", { class: "card", "aria-labelledby": "result-title", "data-import": job.id },
    h("h2", { id: "result-title" }, `${t("导入进度")} · ${job.fileName}`),
    h("div", { class: "job-progress" }, badge(job.status, job.status === "导入" || job.status === "提交" ? "live" : ""),
      h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct,
        "aria-valuetext": `${t(job.status)} ${pct}%`, "aria-label": t("导入进度") }, h("span", { style: `width:${pct}%` })),
      h("span", { class: "pct" }, `${pct}%`)),
    h("div", { class: "kpis" }, [["已读行数", job.rowsRead], ["已导入", job.imported], ["重复", job.duplicates], ["拒绝", job.rejected]]
      .map(([k, v]) => h("div", { class: "kpi", "data-kpi": k }, h("b", {}, v), h("span", {}, t(k))))),
    h("p", { class: "muted" }, t("名单在导入完成后才出现；失败时不会保存任何号码。"))));
}

function showResult(box, r) {
  box.replaceChildren(h("section", { class: "card", "aria-labelledby": "result-title" },
    h("h2", { id: "result-title" }, t("上传结果")),
    h("div", { class: "kpis" }, [["行数", r.rows], ["已导入", r.imported], ["重复", r.duplicates], ["拒绝", r.rejected]]
      .map(([k, v]) => h("div", { class: "kpi", "data-kpi": k }, h("b", {}, v), h("span", {}, t(k))))),
    r.errors.length ? table([{ label: "行", key: "row", num: true }, { label: "字段", key: "field" }, { label: "问题", key: "message" }],
      r.errors, { id: "row-errors" }) : null,
    r.scenarios ? coverage(r.scenarios) : null));
}

/** Which variables of each scenario the columns satisfy: a task of a scenario with missing columns is refused. */
function coverage(scenarios) {
  if (!scenarios.length) return null;
  const names = (xs) => xs.length ? xs.flatMap((x, i) => [i ? "、" : null, h("code", {}, x)]) : "—"; // column names, typed as is
  return h("div", { class: "coverage" }, h("h3", {}, t("场景变量")),
    table([{ label: "场景", render: (c) => label("scenario", c.scenario) },
      { label: "已满足", render: (c) => names(c.satisfied) },
      { label: "缺少的必需列", render: (c) => c.missing.length
        ? h("span", { class: "state error", "data-missing": c.missing.join(",") }, names(c.missing)) : badge("可以建任务", "ok") },
      { label: "取默认值", render: (c) => names(c.defaulted) }], scenarios, { id: "coverage-table" }),
    h("p", { class: "muted" }, literal(t("列的取值（如 stop_step 只能填 1–5）在创建任务时逐行检查；缺必需列或取值不对的名单不能建任务。"), ["stop_step"])));
}

export async function tasks(main) {
  const box = h("div");
  const form = await taskForm(() => refresh());
  main.append(h("h1", {}, t("任务")), form,
    h("section", { class: "card", "aria-labelledby": "tasks-title" }, h("h2", { id: "tasks-title" }, t("任务")), box));
  let timer = null;
  async function refresh() {
    try {
      const all = await get("/api/tasks");
      if (!all.length) { empty(box, "还没有任务。"); return; }
      const focused = document.activeElement?.closest?.("#tasks-table tr[data-task]") ? document.activeElement : null;
      const refocus = focused && [focused.closest("tr").dataset.task, focused.dataset.action];
      const stats = await Promise.all(all.map((task) => get(`/api/tasks/${encodeURIComponent(task.id)}/stats`).catch(() => null)));
      box.replaceChildren(table([
        { label: "任务名称", render: (x) => x.task.name || x.task.id },
        { label: "场景", render: (x) => label("scenario", x.task.scenario) },
        { label: "状态", render: (x) => h("span", { "data-status": x.task.status }, badge(label("taskStatus", x.task.status), STATUS_KIND[x.task.status]),
          x.task.waiting ? h("span", { class: "meta waiting", role: "status" }, ` ${t("等待中")}：${x.task.waiting}`) : null,
          x.task.mediaWarning ? h("span", { class: "meta waiting", role: "status" }, ` ${t("媒体通路未验证")}：${x.task.mediaWarning}`) : null) },
        { label: "时段", render: (x) => `${x.task.windowStart}–${x.task.windowEnd}` },
        { label: "进度", render: (x) => progress(x.stats) },
        { label: "操作", render: (x) => controls(x.task, refresh) }],
        all.map((task, i) => ({ task, stats: stats[i] })), { id: "tasks-table" }));
      box.querySelectorAll("tbody tr").forEach((tr, i) => { tr.dataset.task = all[i].id; });
      if (refocus) box.querySelector(`tr[data-task="${CSS.escape(refocus[0])}"] button[data-action="${refocus[1]}"]`)?.focus();
    } catch (ex) { failed(box, ex, refresh); }
  }
  loading(box);
  await refresh();
  timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}

function progress(s) {
  if (!s) return "—";
  const done = s.funnel ? s.funnel[1].leads : s.dialled;
  const pct = s.leads > 0 ? Math.min(100, Math.round(100 * done / s.leads)) : 0;
  return h("div", { class: "task-progress", "data-dialled": s.dialled, "data-answered": s.answered },
    h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct,
      "aria-label": t("进度") }, h("span", { style: `width:${pct}%` })),
    h("span", { class: "muted" }, `${t("已拨打")} ${s.dialled} · ${t("已接通")} ${s.answered} / ${t("线索数")} ${s.leads}`));
}

function controls(task, refresh) {
  const verbs = { CREATED: ["start", "stop"], RUNNING: ["pause", "stop"], PAUSED: ["resume", "stop"] }[task.status] || [];
  const labels = { start: "开始", pause: "暂停", resume: "继续", stop: "停止" };
  return h("div", { class: "toolbar" }, verbs.map((v) => h("button", {
    type: "button", class: v === "stop" ? "danger" : v === "start" || v === "resume" ? "" : "secondary", "data-action": v,
    "aria-label": `${t(labels[v])} ${task.name || task.id}`,
    onclick: async (e) => {
      e.target.disabled = true;
      try { await post(`/api/tasks/${encodeURIComponent(task.id)}/${v}`); } catch (ex) { toast(ex.message); }
      await refresh();
    } }, t(labels[v]))));
}

async function taskForm(onCreated) {
  const [allLists, scenarios, d] = await Promise.all([get("/api/calls/lists"), get("/api/dialog/scenarios").catch(() => []),
    get("/api/tasks/defaults")]); // the API's own defaults: what a task gets when the form leaves a field as shown
  const listSelect = select("listId", [["", t("请选择")], ...allLists.map((l) => [l.listId, `${l.name} (${l.leads})`])]);
  if (allLists.length) listSelect.value = allLists[allLists.length - 1].listId;
  const scenario = select("scenario", [...scenarios].sort().map((s) => [s, label("scenario", s)]));
  if ([...scenarios].includes(d.scenario)) scenario.value = d.scenario;
  const err = formError();
  const form = h("form", { class: "card", id: "task-form", novalidate: true, "aria-labelledby": "task-form-title" },
    h("h2", { id: "task-form-title" }, t("新建任务")),
    h("div", { class: "row" }, field("任务名称", input("name", { maxlength: 100 })), field("名单", listSelect), field("场景", scenario)),
    h("div", { class: "row" },
      field("外呼时段开始", input("windowStart", { value: d.windowStart, inputmode: "numeric", placeholder: d.windowStart }), "格式 HH:MM，24:00 表示全天结束"),
      field("外呼时段结束", input("windowEnd", { value: d.windowEnd, inputmode: "numeric", placeholder: d.windowEnd })),
      field("最大并发", input("maxConcurrent", { type: "number", min: 1, value: d.maxConcurrent })),
      field("每秒呼叫数", input("callsPerSecond", { type: "number", min: 1, value: d.callsPerSecond })),
      field("最多尝试次数", input("maxAttempts", { type: "number", min: 1, value: d.maxAttempts }))),
    err, h("button", { type: "submit" }, t("创建任务")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const body = {};
    for (const [k, val] of Object.entries(v)) {
      if (val === "") continue;
      body[k] = ["maxConcurrent", "callsPerSecond", "maxAttempts"].includes(k) && /^-?\d+$/.test(val) ? Number(val) : val;
    }
    try {
      await post("/api/tasks", body);
      clearErrors(form);
      toast("已创建");
      await onCreated();
    } catch (ex) { showProblem(form, ex); }
  });
  return form;
}

export async function dnc(main, { me } = {}) {
  const box = h("div");
  const err = formError();
  const form = h("form", { class: "card", id: "dnc-form", novalidate: true },
    h("h2", {}, t("添加")),
    h("div", { class: "row" }, field("手机号", input("numbers", { inputmode: "tel", autocomplete: "off" })), field("原因", input("reason", { maxlength: 200 }))),
    err, h("button", { type: "submit" }, t("添加")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    if (!v.numbers) { showProblem(form, { message: "", errors: [{ field: "numbers", message: "不能为空" }] }); return; }
    try {
      const r = await post("/api/calls/dnc", { numbers: [v.numbers], reason: v.reason || null });
      if (r.rejected > 0) {
        showProblem(form, { message: "", errors: r.errors.map((x) => ({ field: "numbers", message: x.message })) });
        return;
      }
      clearErrors(form);
      form.reset();
      toast("已保存");
      refresh();
    } catch (ex) { showProblem(form, ex); }
  });
  async function refresh() {
    loading(box);
    try {
      const all = (await get("/api/calls/dnc?limit=500")).filter((x) => x.kind !== "opt_out");
      if (!all.length) { empty(box, "暂无数据"); return; }
      box.replaceChildren(table([{ label: "号码", key: "phone" }, { label: "类型", key: "source" }, { label: "原因", key: "reason" },
        { label: "日期", render: (x) => time(x.at) },
        { label: "操作", render: (x) => h("button", { type: "button", class: "secondary", "aria-label": `${t("移除")} ${x.phone}`,
          onclick: async () => { try { await del(`/api/calls/dnc/${encodeURIComponent(x.phone)}`); refresh(); } catch (ex) { toast(ex.message); } } }, t("移除")) }],
        all, { id: "dnc-table" }));
    } catch (ex) { failed(box, ex, refresh); }
  }
  const reviewer = REVIEWERS.has(me?.role);
  const pending = h("section", { class: "card", id: "opt-outs", "aria-labelledby": "opt-outs-title" });
  const reviewed = h("section", { class: "card", id: "opt-out-reviews", "aria-labelledby": "opt-out-reviews-title" });
  const reload = async () => { await Promise.all([optOuts(pending, reviewer, reload), reviews(reviewed), refresh()]); };
  main.append(h("h1", {}, t("免打扰名单")), pending, reviewer ? reviewed : "", form,
    h("section", { class: "card" }, h("h2", {}, t("免打扰号码")), box));
  await reload();
}

// ---- opt-outs captured in calls, waiting for a supervisor's 确认 (to the DNC list) or 驳回 (callable again) ----

const REVIEWERS = new Set(["admin", "supervisor"]);

async function optOuts(section, reviewer, reload) {
  const title = h("h2", { id: "opt-outs-title" }, t("待审核的退订"));
  const hint = h("p", { class: "muted" }, t(reviewer ? "客户在通话中要求不再来电的号码。审核前不会拨打；确认后加入免打扰名单，驳回后可再次拨打。"
    : "客户在通话中要求不再来电的号码，审核前不会拨打；由主管确认或驳回。"));
  const body = h("div");
  section.replaceChildren(title, hint, body);
  loading(body);
  try {
    const rows = await get("/api/calls/opt-outs?limit=500");
    if (!rows.length) { empty(body, "没有待审核的退订。"); return; }
    const columns = [{ label: "号码", key: "phone" }, { label: "通话中的原因", key: "reason" }, { label: "日期", render: (x) => time(x.at) }];
    if (reviewer) columns.push({ label: "审核", render: (x) => decision(x, reload) });
    body.replaceChildren(table(columns, rows, { id: "opt-out-table" }));
  } catch (ex) { failed(body, ex, reload); }
}

/** 确认 / 驳回 buttons; either opens a reason field in place (required to reject), Escape cancels. */
function decision(item, reload) {
  const cell = h("div", { class: "review", "data-phone": item.phone });
  const buttons = () => h("div", { class: "toolbar" },
    h("button", { type: "button", "data-decision": "confirm", "aria-label": `${t("确认")} ${item.phone}`, onclick: () => open("confirm") }, t("确认")),
    h("button", { type: "button", class: "secondary", "data-decision": "reject", "aria-label": `${t("驳回")} ${item.phone}`, onclick: () => open("reject") }, t("驳回")));
  function open(kind) {
    const reason = input("reason", { maxlength: 200, autocomplete: "off",
      placeholder: t(kind === "reject" ? "例如：客户误操作，本人仍愿接听" : "可选，例如：客户明确要求") });
    const err = formError();
    const form = h("form", { class: "review-form", novalidate: true, "data-decision": kind },
      field(kind === "reject" ? "驳回原因（必填）" : "确认说明（可选）", reason),
      h("div", { class: "toolbar" }, h("button", { type: "submit" }, t(kind === "reject" ? "驳回" : "确认")),
        h("button", { type: "button", class: "secondary", onclick: close }, t("取消"))), err);
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearErrors(form);
      const why = reason.value.trim();
      if (kind === "reject" && !why) {
        showProblem(form, { message: "", errors: [{ field: "reason", message: t("驳回须写明原因，便于日后核查") }] });
        return;
      }
      try {
        await post(`/api/calls/opt-outs/${encodeURIComponent(item.phone)}/${kind}`, why ? { reason: why } : {});
        toast(kind === "reject" ? "已驳回，该号码可再次拨打" : "已确认，已加入免打扰名单");
        await reload();
      } catch (ex) { showProblem(form, ex); }
    });
    cell.replaceChildren(form);
    reason.focus();
  }
  function close() { cell.replaceChildren(buttons()); cell.querySelector("button").focus(); }
  cell.replaceChildren(buttons());
  return cell;
}

const DECISIONS = { confirmed: ["已确认", "ok"], rejected: ["已驳回", "warn"] };

async function reviews(section) {
  const body = h("div");
  section.replaceChildren(h("h2", { id: "opt-out-reviews-title" }, t("最近的审核")), body);
  try {
    const rows = await get("/api/calls/opt-outs/reviews?limit=20");
    if (!rows.length) { empty(body, "还没有审核记录。"); return; }
    body.replaceChildren(table([{ label: "号码", key: "phone" }, { label: "结果", render: (x) => badge(...(DECISIONS[x.decision] || [x.decision])) },
      { label: "审核原因", render: (x) => x.note || "—" }, { label: "通话中的原因", key: "originalReason" },
      { label: "审核人", render: (x) => String(x.reviewer).replace(/^[A-Za-z_]+:/, "") }, { label: "时间", render: (x) => time(x.at) }], rows, { id: "opt-out-review-table" }));
  } catch (ex) { failed(body, ex, () => reviews(section)); }
}
