// The models capability: versions per purpose (lineage, promote, roll back), training with live job progress,
// and a comparison of two versions (per-intent F1 deltas and flipped examples).
import { get, post } from "../api.js";
import { t } from "../i18n.js";
import { h, field, input, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, time, chart, toast } from "../ui.js";

const STATUS = { CANDIDATE: ["候选", "warn"], LIVE: ["线上", "ok"], RETIRED: ["已退役", ""] };
const JOB = { QUEUED: ["排队中", ""], RUNNING: ["运行中", "live"], SUCCEEDED: ["成功", "ok"], FAILED: ["失败", "bad"], CANCELLED: ["已取消", "warn"] };
const ACTIVE = new Set(["QUEUED", "RUNNING"]);
const POLL_MS = 1000;
/** The hyper-parameters the training API accepts (IntentTraining.Settings): name, label, min, max, default. */
const NUMBERS = [
  ["folds", "校准折数", 2, 10, 5], ["iterations", "迭代次数", 1, 2000, 200], ["correctionWeight", "标注权重", 1, 20, 3],
  ["seed", "随机种子", 0, 2147483647, 42], ["epochs", "训练轮数", 1, 500, 60, "neural"], ["hidden", "隐藏层宽度", 4, 4096, 256, "neural"],
];
const TIME_LIMIT = ["timeLimitSeconds", "时限（秒）", 1, 86400, 1800];

const short = (id) => (id ? id.slice(0, 8) : "—");
const fixed = (x) => (typeof x === "number" ? x.toFixed(4) : "—");
const logText = (line) => String(line).replace(/^\S+T(\d\d:\d\d:\d\d)\S*\s/, "$1 ");

/** The page; returns the clean-up that stops the job polling. */
export async function page(main) {
  const scenarios = [...await get("/api/dialog/scenarios")];
  main.append(h("h1", {}, t("模型训练")));
  if (!scenarios.length) { main.append(h("p", { class: "state empty" }, t("还没有场景，无法训练意图模型。"))); return undefined; }
  const purpose = select("purpose", scenarios.map((s) => [`intent:${s}`, `intent:${s}`]));
  const picker = h("form", { class: "card", id: "purpose-form", onsubmit: (e) => e.preventDefault() },
    field("模型用途", purpose, "每个场景一个意图模型：intent:<场景>"));
  const versionsBox = h("section", { class: "card", id: "versions", "aria-labelledby": "versions-title" });
  const trainBox = h("section", { class: "card", id: "training", "aria-labelledby": "train-title" });
  const jobsBox = h("section", { class: "card", id: "jobs", "aria-labelledby": "jobs-title" });
  const compareBox = h("section", { class: "card", id: "comparison", "aria-labelledby": "compare-title" });
  main.append(picker, versionsBox, trainBox, jobsBox, compareBox);

  const state = { versions: [], snapshots: [] };
  const jobs = jobList(jobsBox, () => loadVersions());
  const training = trainingForm(trainBox, () => purpose.value, () => state.snapshots, async (job) => {
    await jobs.add(job);
    await loadVersions();
  });
  async function loadVersions() {
    const list = h("div", { id: "versions-body" });
    versionsBox.replaceChildren(h("h2", { id: "versions-title" }, t("版本与谱系")), list);
    loading(list);
    try {
      const [versions, snapshots] = await Promise.all([get(`/api/models?purpose=${encodeURIComponent(purpose.value)}`),
        get(`/api/datasets?purpose=${encodeURIComponent(purpose.value)}`)]);
      state.versions = versions;
      state.snapshots = snapshots;
      const live = versions.find((v) => v.status === "LIVE");
      const history = live ? (await get(`/api/models/${encodeURIComponent(live.id)}`)).history : [];
      const previous = live ? history.find((c) => c.toId === live.id)?.fromId || null : null;
      renderVersions(list, purpose.value, versions, snapshots, previous, loadVersions);
      training.refresh();
      comparison(compareBox, versions);
    } catch (ex) { failed(list, ex, loadVersions); }
  }
  purpose.addEventListener("change", loadVersions);
  await Promise.all([loadVersions(), jobs.load()]);
  return jobs.stop;
}

// ---- versions ---------------------------------------------------------------------------------------------

/** {@code previous}: the version the live one replaced, what a rollback puts back (none: nothing to roll back to). */
function renderVersions(box, purpose, versions, snapshots, previous, reload) {
  const ordinal = new Map([...versions].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
    .map((v, i) => [v.id, i + 1]));
  const snaps = new Map(snapshots.map((s) => [s.id, s]));
  const name = (id) => (id && ordinal.has(id) ? `#${ordinal.get(id)} · ${short(id)}` : short(id));
  const live = versions.find((v) => v.status === "LIVE");
  const rollbackMsg = h("span", { class: "inline-msg", id: "rollback-msg", role: "alert" });
  const why = h("span", { class: "muted", id: "rollback-why" },
    !live ? t("没有线上版本，无需回滚。") : !previous ? t("这是第一个上线的版本，没有可回滚到的版本。") : `${t("将恢复")} ${name(previous)}`);
  const rollback = h("button", { type: "button", class: "secondary", id: "rollback", disabled: !previous,
    "aria-describedby": "rollback-why rollback-msg" }, t("回滚到上一个线上版本"));
  rollback.addEventListener("click", () => confirmThen(rollback, "确认回滚", rollbackMsg, async () => {
    const v = await post("/api/models/rollback", { purpose });
    toast(`${t("已回滚到")} ${name(v.id)}`);
    await reload();
  }));
  const summary = h("p", { class: "muted" }, live ? `${t("线上版本")}：${name(live.id)}` : t("当前没有线上版本，对话使用内置通用模型。"));
  if (!versions.length) {
    box.replaceChildren(summary, h("p", { class: "state empty" }, t("还没有模型版本：用下方表单训练第一个。")));
    return;
  }
  box.replaceChildren(summary, h("div", { class: "toolbar" }, rollback, why, rollbackMsg), table([
    { label: "版本", render: (v) => h("span", { "data-version": v.id, title: v.id }, name(v.id)) },
    { label: "上一版本", render: (v) => (v.parent ? name(v.parent) : "—") },
    { label: "状态", render: (v) => { const [l, k] = STATUS[v.status] || [v.status, ""]; const b = badge(l, k); b.dataset.status = v.status; return b; } },
    { label: "数据集快照", render: (v) => { const s = snaps.get(v.datasetSnapshotId); return s ? `v${s.version}（${s.examples} ${t("条")}）` : short(v.datasetSnapshotId); } },
    { label: "准确率", num: true, render: (v) => fixed(v.metrics.accuracy) },
    { label: "宏平均 F1", num: true, render: (v) => macro(v) },
    { label: "大小", num: true, render: (v) => `${(v.sizeBytes / 1024).toFixed(0)} KB` },
    { label: "创建者", render: (v) => v.createdBy },
    { label: "创建时间", render: (v) => time(v.createdAt) },
    { label: "操作", render: (v) => (v.status === "LIVE" ? "" : promoteButton(v, name, reload)) },
  ], versions, { id: "versions-table" }));
  box.querySelectorAll("#versions-table tbody tr").forEach((tr, i) => { tr.dataset.version = versions[i].id; tr.dataset.status = versions[i].status; });
}

/** Macro-F1 with the change against the model that was live on the same evaluation set. */
function macro(v) {
  const m = v.metrics.macroF1;
  const base = v.metrics["baseline.macroF1"];
  if (typeof m !== "number") return "—";
  if (typeof base !== "number") return m.toFixed(4);
  const d = m - base;
  return h("span", {}, m.toFixed(4), " ", h("span", { class: d >= 0 ? "delta-up" : "delta-down", title: t("与训练时的线上模型相比") },
    `(${d >= 0 ? "+" : ""}${d.toFixed(4)})`));
}

function promoteButton(v, name, reload) {
  const msg = h("span", { class: "inline-msg", role: "alert" });
  const btn = h("button", { type: "button", class: "promote", "aria-label": `${t("上线")} ${name(v.id)}` }, t("上线"));
  btn.addEventListener("click", () => confirmThen(btn, "确认上线", msg, async () => {
    await post(`/api/models/${encodeURIComponent(v.id)}/promote`);
    toast(`${name(v.id)} ${t("已上线")}`);
    await reload();
  }));
  return h("div", { class: "actions" }, btn, msg);
}

/** Swaps the button for a confirm/cancel pair; the API's refusal is shown next to it, in words. */
function confirmThen(button, confirmLabel, msg, action) {
  msg.textContent = "";
  const yes = h("button", { type: "button", class: "danger confirm" }, t(confirmLabel));
  const no = h("button", { type: "button", class: "secondary" }, t("取消"));
  const pair = h("span", { class: "confirm-pair", role: "group", "aria-label": t(confirmLabel) }, yes, no);
  button.hidden = true;
  button.after(pair);
  const back = () => { pair.remove(); button.hidden = false; button.focus(); };
  no.addEventListener("click", back);
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    no.disabled = true;
    try {
      await action();
    } catch (ex) {
      back();
      msg.textContent = `${t("未执行")}：${ex.message}`;
    }
  });
  yes.focus();
}

// ---- training ---------------------------------------------------------------------------------------------

function trainingForm(box, purpose, snapshots, started) {
  const snapshot = select("snapshotId", []);
  const kind = select("kind", [["maxent", t("最大熵（快）")], ["neural", t("神经网络")]]);
  const numbers = [...NUMBERS, TIME_LIMIT].map(([key, label, min, max, dflt, only]) => {
    const control = input(key, { type: "number", inputmode: "numeric", min, max, step: 1, value: dflt, required: true });
    const wrap = field(label, control, `${min}–${max}`);
    if (only) wrap.dataset.only = only;
    return { key, label, min, max, control, wrap, only };
  });
  const auto = h("input", { type: "checkbox", name: "autoPromote", id: "auto-promote" });
  const err = formError();
  const newSnap = h("button", { type: "button", class: "secondary", id: "new-snapshot" }, t("用当前标注新建快照"));
  const snapMsg = h("span", { class: "inline-msg", role: "status" });
  const form = h("form", { id: "train-form", novalidate: true },
    h("div", { class: "row" }, field("数据集快照", snapshot, "不选快照时，提交训练会先用当前标注新建一个"),
      h("div", { class: "field" }, newSnap, snapMsg)),
    h("div", { class: "row" }, field("算法", kind), ...numbers.map((n) => n.wrap)),
    h("div", { class: "checkbox" }, auto, h("label", { for: "auto-promote" }, t("满足上线规则时自动上线"))),
    err, h("div", { class: "toolbar" }, h("button", { type: "submit" }, t("开始训练"))));
  box.replaceChildren(h("h2", { id: "train-title" }, t("训练新版本")), form);

  function fillSnapshots() {
    const keep = snapshot.value;
    snapshot.replaceChildren(h("option", { value: "" }, t("现在用当前标注新建快照")),
      ...snapshots().map((s) => h("option", { value: s.id }, `v${s.version} · ${s.examples} ${t("条")}（${t("留出")} ${s.heldOut}）· ${time(s.createdAt)}`)));
    if ([...snapshot.options].some((o) => o.value === keep)) snapshot.value = keep;
  }
  function showKind() { numbers.forEach((n) => { if (n.only) n.wrap.hidden = kind.value !== n.only; }); }
  kind.addEventListener("change", showKind);
  fillSnapshots();
  showKind();

  newSnap.addEventListener("click", async () => {
    snapMsg.textContent = "";
    clearErrors(form);
    try {
      const s = await post("/api/datasets", { purpose: purpose() });
      snapshots().unshift(s);
      fillSnapshots();
      snapshot.value = s.id;
      snapMsg.textContent = `${t("已新建快照")} v${s.version}（${s.examples} ${t("条")}）`;
    } catch (ex) { showProblem(form, { message: ex.message, errors: [{ field: "snapshotId", message: ex.message }] }); }
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const errors = [];
    const hp = { kind: kind.value };
    let limit = null;
    for (const n of numbers) {
      if (n.only && n.only !== kind.value) continue;
      const raw = n.control.value.trim();
      const v = Number(raw);
      if (raw === "" || !Number.isInteger(v) || v < n.min || v > n.max) {
        errors.push({ field: n.key, message: `${t("请输入")} ${n.min}–${n.max} ${t("之间的整数")}` });
      } else if (n.key === "timeLimitSeconds") limit = v;
      else hp[n.key] = String(v);
    }
    if (errors.length) { showProblem(form, { message: "", errors }); return; }
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const job = await post("/api/models/train", { purpose: purpose(), snapshotId: snapshot.value || null,
        hyperParameters: hp, autoPromote: auto.checked, timeLimitSeconds: limit });
      toast("训练已开始");
      await started(job);
    } catch (ex) {
      // the API names a bad hyper-parameter in its message ("超参数 folds 应在…"): put it by that field
      const key = /超参数「?(\w+)/.exec(ex.message || "");
      if (!ex.errors.length && key && numbers.some((n) => n.key === key[1])) ex.errors = [{ field: key[1], message: ex.message }];
      else if (!ex.errors.length && /快照|标注/.test(ex.message || "")) ex.errors = [{ field: "snapshotId", message: ex.message }];
      showProblem(form, ex);
    } finally { button.disabled = false; }
  });
  return { refresh: fillSnapshots };
}

// ---- jobs -------------------------------------------------------------------------------------------------

/** The tenant's training jobs; running ones are polled every second, and polling stops when none runs. */
function jobList(box, onSucceeded) {
  const jobs = new Map();
  const body = h("div", { id: "jobs-body" });
  box.replaceChildren(h("h2", { id: "jobs-title" }, t("训练任务")), body);
  let timer = null;
  let stopped = false;

  function render() {
    if (!jobs.size) { empty(body, "还没有训练任务。"); return; }
    const list = [...jobs.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    body.replaceChildren(h("ul", { class: "jobs", id: "job-list" }, list.map(jobItem)));
  }

  function jobItem(j) {
    const [label, kind] = JOB[j.status] || [j.status, ""];
    const pct = Math.round(100 * (j.progress || 0));
    const title = `${j.purpose} · ${short(j.id)}`;
    const cancel = ACTIVE.has(j.status) ? h("button", { type: "button", class: "secondary cancel", "aria-label": `${t("取消")} ${title}` }, t("取消")) : null;
    const msg = h("span", { class: "inline-msg", role: "alert" });
    cancel?.addEventListener("click", async () => {
      cancel.disabled = true;
      try { update(await post(`/api/model-jobs/${encodeURIComponent(j.id)}/cancel`)); } catch (ex) { cancel.disabled = false; msg.textContent = ex.message; }
    });
    return h("li", { class: "job", "data-job": j.id, "data-status": j.status },
      h("div", { class: "row job-head" }, h("strong", {}, title), badge(label, kind),
        h("span", { class: "muted" }, `${j.createdBy} · ${time(j.createdAt)}`), cancel, msg),
      h("div", { class: "job-progress" },
        h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct,
          "aria-valuetext": `${pct}%`, "aria-label": `${t("进度")} ${title}` }, h("span", { style: `width:${pct}%` })),
        h("span", { class: "pct" }, `${pct}%`)),
      j.error ? h("p", { class: "problems" }, j.error) : null,
      j.modelId ? h("p", {}, `${t("候选版本")}：${short(j.modelId)}`) : null,
      h("ol", { class: "log", "aria-label": `${t("最近日志")} ${title}` }, j.log.slice(-4).map((l) => h("li", {}, logText(l)))));
  }

  function update(j) {
    const before = jobs.get(j.id);
    jobs.set(j.id, j);
    render();
    if (before && ACTIVE.has(before.status) && j.status === "SUCCEEDED") onSucceeded();
    schedule();
  }

  async function tick() {
    timer = null;
    const active = [...jobs.values()].filter((j) => ACTIVE.has(j.status));
    try {
      const fresh = await Promise.all(active.map((j) => get(`/api/model-jobs/${encodeURIComponent(j.id)}`)));
      if (stopped) return;
      let succeeded = false;
      for (const j of fresh) {
        succeeded = succeeded || (ACTIVE.has(jobs.get(j.id)?.status) && j.status === "SUCCEEDED");
        jobs.set(j.id, j);
      }
      render();
      if (succeeded) onSucceeded();
    } catch (ex) {
      if (stopped) return;
      toast(ex.message);
    }
    schedule();
  }

  /** data-polling on the section tells whether a poll is pending (tests and curious users can see it). */
  function schedule() {
    if (!stopped && !timer && [...jobs.values()].some((j) => ACTIVE.has(j.status))) timer = setTimeout(tick, POLL_MS);
    box.dataset.polling = String(!!timer);
  }

  async function load() {
    loading(body);
    try {
      (await get("/api/model-jobs")).forEach((j) => jobs.set(j.id, j));
      render();
      schedule();
    } catch (ex) { failed(body, ex, load); }
  }

  return {
    load,
    add: async (j) => update(j),
    stop: () => { stopped = true; if (timer) clearTimeout(timer); timer = null; },
  };
}

// ---- comparison -------------------------------------------------------------------------------------------

function comparison(box, versions) {
  box.replaceChildren(h("h2", { id: "compare-title" }, t("版本比较")));
  if (versions.length < 2) { box.append(h("p", { class: "state empty" }, t("至少需要两个版本才能比较。"))); return; }
  const options = versions.map((v) => [v.id, `${short(v.id)} · ${t((STATUS[v.status] || [v.status])[0])}`]);
  const a = select("a", options);
  const b = select("b", options);
  const live = versions.find((v) => v.status === "LIVE");
  b.value = versions[0].id;
  a.value = live && live.id !== b.value ? live.id : versions[1].id;
  const out = h("div", { id: "compare-result" });
  const form = h("form", { id: "compare-form", novalidate: true },
    h("div", { class: "row" }, field("版本 A", a), field("版本 B", b),
      h("div", { class: "field" }, h("button", { type: "submit" }, t("比较")))), formError());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (a.value === b.value) { showProblem(form, { message: "", errors: [{ field: "b", message: t("请选择另一个版本") }] }); return; }
    loading(out);
    try {
      renderComparison(out, await get(`/api/models/compare?a=${encodeURIComponent(a.value)}&b=${encodeURIComponent(b.value)}`));
    } catch (ex) { out.replaceChildren(); showProblem(form, ex); }
  });
  box.append(form, out);
}

function renderComparison(out, c) {
  const intents = [...c.intents].sort((x, y) => x.delta - y.delta);
  const bars = h("div", { class: "chart tall", id: "delta-chart", role: "img",
    "aria-label": `${t("各意图 F1 变化（B − A）")}：${intents.filter((i) => i.delta !== 0).map((i) => `${i.intent} ${i.delta.toFixed(3)}`).join("，") || t("无变化")}` });
  const d = c.macroF1B - c.macroF1A;
  out.replaceChildren(
    h("p", { id: "compare-summary" }, `${t("评测")} ${c.examples} ${t("条")}：${t("宏平均 F1")} ${c.macroF1A.toFixed(4)} → ${c.macroF1B.toFixed(4)}（${d >= 0 ? "+" : ""}${d.toFixed(4)}）`),
    h("h3", {}, t("各意图 F1 变化（B − A）")), bars,
    h("h3", {}, t("翻转的例子")),
    c.flipped.length ? table([
      { label: "话语", key: "text" }, { label: "标注意图", key: "gold" },
      { label: "A 预测", key: "predictedA" }, { label: "B 预测", key: "predictedB" },
      { label: "结果", render: (f) => (f.fixedByB ? badge("B 改对", "ok") : badge("B 改错", "bad")) },
    ], c.flipped, { id: "flips-table" }) : h("p", { class: "state empty" }, t("两个版本在评测集上的判断完全一致。")),
    c.confusions.length ? h("details", {}, h("summary", {}, t("混淆变化")), table([
      { label: "标注意图", key: "gold" }, { label: "误判为", key: "predicted" },
      { label: "A 次数", num: true, key: "countA" }, { label: "B 次数", num: true, key: "countB" }], c.confusions)) : null);
  chart(bars, { tooltip: {}, grid: { left: 8, right: 24, top: 10, bottom: 24, containLabel: true },
    xAxis: { type: "value" }, yAxis: { type: "category", data: intents.map((i) => i.intent) },
    series: [{ type: "bar", data: intents.map((i) => ({ value: Number(i.delta.toFixed(4)),
      itemStyle: { color: i.delta >= 0 ? "#05603a" : "#b42318" } })) }] })
    .then(() => { bars.dataset.bars = String(intents.length); })
    .catch((ex) => { bars.replaceWith(h("p", { class: "state error", role: "alert" }, ex.message)); });
}
