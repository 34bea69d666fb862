// Knowledge-graph imports (admins): pick a JSON file and its format, checked here first (empty, extension, size);
// upload it as a background job, follow its phase and counts on a progress bar (polled every second), then read the
// rejected rows. Below, the tenant's recent imports.
import { api, get } from "../api.js";
import { t } from "../i18n.js";
import { h, field, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, time } from "../ui.js";

const FORMATS = [["tables", "表格 JSON（entities、shareholdings 等表）"], ["bods", "BODS 0.4 陈述数组"]];
const STATUS_KIND = { 完成: "ok", 失败: "danger", 排队: "", 解析: "warn", 写入: "warn" };
const STEP = { 排队: "等待前一个导入结束", 解析: "正在读取文件", 写入: "图谱逐行校验并写入（全部写完后一并生效）" };

const fmtBytes = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);
const num = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("zh-CN"));
const running = (job) => job.status !== "完成" && job.status !== "失败";

export async function page(main) {
  let timer = null;
  let maxBytes = 0;
  const file = h("input", { name: "file", type: "file", accept: ".json,application/json", required: true });
  const format = select("format", FORMATS.map(([v, l]) => [v, t(l)]));
  const err = formError();
  const form = h("form", { class: "card", id: "kg-import-form", novalidate: true },
    h("div", { class: "row" }, field("文件", file, "JSON 文件；表格 JSON 的列见知识图谱说明"), field("格式", format),
      h("div", { class: "field" }, h("button", { type: "submit" }, t("上传并导入")))), err);
  const current = h("section", { id: "kg-import-current", "aria-live": "polite" });
  const recent = h("section", { id: "kg-import-recent" });

  function fieldError(message) {
    clearErrors(form);
    file.setAttribute("aria-invalid", "true");
    form.querySelector(`#${CSS.escape(file.id)}-error`).textContent = t(message);
    file.focus();
  }

  function check(f) {
    if (!f) return "请选择要导入的文件";
    if (!/\.json$/i.test(f.name)) return "只能导入 .json 文件：请先把数据另存为 JSON";
    if (f.size === 0) return "文件是空的：请选择含有数据的 JSON 文件";
    if (maxBytes && f.size > maxBytes) return `${t("文件过大")}（${fmtBytes(f.size)}），${t("上限")} ${fmtBytes(maxBytes)}：${t("请拆分后分批导入")}`;
    return null;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const f = file.files[0];
    const problem = check(f);
    if (problem) { fieldError(problem); return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    loading(current, "正在上传…");
    try {
      const job = await api("POST", `/api/kg/imports?format=${format.value}&name=${encodeURIComponent(f.name)}`, f,
        { contentType: "application/json" });
      follow(job.id);
    } catch (ex) {
      current.replaceChildren();
      if (ex.status === 413) fieldError(ex.message); else showProblem(form, ex);
    } finally { button.disabled = false; }
  });

  function follow(id) {
    clearTimeout(timer);
    const poll = async () => {
      try {
        const job = await get(`/api/kg/imports/${id}`);
        show(job);
        if (running(job)) timer = setTimeout(poll, 1000);
        else loadRecent();
      } catch (ex) { failed(current, ex, () => follow(id)); }
    };
    poll();
  }

  function show(job) {
    const pct = Math.round(100 * job.progress);
    const bar = h("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
      "aria-valuenow": String(pct), "aria-valuetext": `${t(job.status)} ${pct}%`, "aria-label": t("导入进度") },
      h("span", { style: `width:${pct}%` }));
    const elapsed = job.startedAt ? Math.round(((job.finishedAt ? new Date(job.finishedAt) : new Date()) - new Date(job.startedAt)) / 1000) : 0;
    const counts = h("dl", { class: "kg-import-counts" },
      h("dt", {}, t("文件行数")), h("dd", {}, num(job.rowsTotal)),
      h("dt", {}, t("已解析")), h("dd", {}, num(job.rowsParsed)),
      h("dt", {}, t("已写入事实")), h("dd", { id: "kg-facts" }, `${num(job.factsWritten ?? 0)} / ${num(job.factsTotal)}`),
      h("dt", {}, t("被拒行")), h("dd", { id: "kg-rejected-count" }, num(job.rejectedCount)),
      h("dt", {}, t("用时")), h("dd", {}, `${elapsed} ${t("秒")}`));
    const parts = [h("h2", {}, `${t("导入")} #${job.id} · ${job.fileName}`),
      h("div", { class: "job-progress" }, badge(job.status, STATUS_KIND[job.status] || ""), bar,
        h("span", { class: "pct", id: "kg-pct" }, `${pct}%`)),
      running(job) ? h("p", { class: "muted", id: "kg-step" }, job.status === "写入" && job.step ? job.step : t(STEP[job.status] || ""))
        : null, counts];
    if (job.status === "失败") parts.push(h("p", { class: "state error", role: "alert" }, job.error || t("导入失败")));
    if (job.status === "完成") {
      parts.push(job.rejectedCount === 0 ? h("p", { class: "state empty" }, t("没有被拒的行，全部导入。"))
        : h("div", {}, h("h3", {}, t("被拒的行")),
          job.rejectedCount > job.rejected.length
            ? h("p", { class: "muted" }, `${t("共")} ${num(job.rejectedCount)} ${t("行，只列出前")} ${job.rejected.length} ${t("行")}`) : null,
          table([{ label: "文件", key: "file" }, { label: "行", key: "row", num: true }, { label: "字段", key: "field" },
            { label: "原因", key: "message" }], job.rejected, { id: "kg-rejected" })));
    }
    current.replaceChildren(h("div", { class: "card" }, parts));
  }

  async function loadRecent() {
    loading(recent, "正在加载导入记录…");
    try {
      const r = await get("/api/kg/imports?limit=20");
      maxBytes = r.maxBytes;
      const hint = form.querySelector(`#${CSS.escape(file.id)}-hint`);
      if (hint && maxBytes) hint.textContent = `${t("JSON 文件，不超过")} ${fmtBytes(maxBytes)}`;
      if (!r.imports.length) { recent.replaceChildren(h("h2", {}, t("最近的导入"))); recent.append(emptyState()); return; }
      recent.replaceChildren(h("h2", {}, t("最近的导入")), table([
        { label: "编号", render: (j) => h("a", { href: "#/kg-import", onclick: (ev) => { ev.preventDefault(); follow(j.id); } }, `#${j.id}`) },
        { label: "文件", key: "fileName" }, { label: "格式", render: (j) => (j.format === "bods" ? "BODS 0.4" : t("表格 JSON")) },
        { label: "状态", render: (j) => badge(j.status, STATUS_KIND[j.status] || "") },
        { label: "写入事实", num: true, render: (j) => num(j.factsWritten) },
        { label: "被拒行", num: true, render: (j) => num(j.rejectedCount) },
        { label: "提交时间", render: (j) => time(j.queuedAt) },
        { label: "说明", render: (j) => j.error || "" }], r.imports, { id: "kg-import-list" }));
      const live = r.imports.find(running);
      if (live && !timer) follow(live.id);
    } catch (ex) { failed(recent, ex, loadRecent); }
  }

  function emptyState() {
    const box = h("div", {});
    empty(box, "还没有导入过文件。选择一个 JSON 文件开始第一次导入。");
    return box.firstChild;
  }

  main.append(h("h1", {}, t("图谱导入")), form, current, recent);
  await loadRecent();
  return () => clearTimeout(timer);
}
