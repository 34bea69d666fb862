// The models capability, for every purpose in the tenant's registry: a scenario's intent classifier (intent:) and slot
// recogniser (ner:), the tenant's news generator and reasons matcher. Versions per purpose (key metrics, lineage,
// promote, roll back), training as each purpose allows it (with live job progress), and a comparison of two versions
// (per-intent or per-slot-type F1 deltas and flipped examples).
import { get, post } from "../api.js";
import { t, label } from "../i18n.js";
import { h, field, input, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, time, chart, toast } from "../ui.js";

const STATUS = { CANDIDATE: ["候选", "warn"], LIVE: ["线上", "ok"], RETIRED: ["已退役", ""] };
const JOB = { QUEUED: ["排队中", ""], RUNNING: ["运行中", "live"], SUCCEEDED: ["成功", "ok"], FAILED: ["失败", "bad"], CANCELLED: ["已取消", "warn"] };
const ACTIVE = new Set(["QUEUED", "RUNNING"]);
const POLL_MS = 1000;
/** Roles the server lets call the reasons matcher's routes (Access.RESEARCH). */
const RESEARCH_ROLES = new Set(["admin", "researcher"]);
/** The hyper-parameters the training API accepts (IntentTraining.Settings): name, label, min, max, default. */
const NUMBERS = [
  ["folds", "校准折数", 2, 10, 5], ["iterations", "迭代次数", 1, 2000, 200], ["correctionWeight", "标注权重", 1, 20, 3],
  ["seed", "随机种子", 0, 2147483647, 42], ["epochs", "训练轮数", 1, 500, 60, "neural"], ["hidden", "隐藏层宽度", 4, 4096, 256, "neural"],
];
const TIME_LIMIT = ["timeLimitSeconds", "时限（秒）", 1, 86400, 1800];
/** What the training form offers per purpose family: choice hyper-parameters and numeric ones (NerTraining.Settings for ner). */
const FORMS = {
  intent: { selects: [["kind", "算法", [["maxent", "最大熵（快）"], ["neural", "神经网络"]]]], numbers: NUMBERS },
  ner: { selects: [["base", "训练数据", [["shipped", "内置槽位标注句加纠正"], ["none", "只用纠正（至少 3 条）"]]]],
    numbers: [["correctionWeight", "标注权重", 1, 20, 3]], fixed: { kind: "crf" }, note: "算法：条件随机场（CRF），每条纠正按标注权重重复。" },
};
const ABOUT = {
  intent: "意图模型：识别来电者每句话的意图，每个场景一个。",
  ner: "槽位识别模型：从来电者的话里找出银行、产品等槽位值，每个场景一个，用标注时填写的槽位值训练。",
  "news-generator": "快讯生成模型：把定期报告的指标写成快讯，每个租户一个。",
  "reasons-matcher": "解释匹配器：为异常指标挑选报告中解释它的句子，用研究员的解释判断校准，每个租户一个。",
};

const family = (purpose) => (purpose.startsWith("intent:") ? "intent" : purpose.startsWith("ner:") ? "ner" : purpose);
const short = (id) => (id ? id.slice(0, 8) : "—");
const fixed = (x) => (typeof x === "number" ? x.toFixed(4) : "—");
const logText = (line) => String(line).replace(/^\S+T(\d\d:\d\d:\d\d)\S*\s/, "$1 ");

/** The page; returns the clean-up that stops the job polling. */
export async function page(main, { me } = {}) {
  const role = me?.role || "";
  const scenarios = [...await get("/api/dialog/scenarios")];
  main.append(h("h1", {}, t("模型训练")));
  if (!scenarios.length) main.append(h("p", { class: "state empty" }, t("还没有场景，无法训练意图模型。")));
  const purpose = h("select", { name: "purpose" },
    scenarios.length ? h("optgroup", { label: t("意图识别") }, scenarios.map((s) => h("option", { value: `intent:${s}` }, `${t("意图模型")} · ${label("scenario", s)}`))) : null,
    scenarios.length ? h("optgroup", { label: t("槽位识别") }, scenarios.map((s) => h("option", { value: `ner:${s}` }, `${t("槽位识别模型")} · ${label("scenario", s)}`))) : null,
    h("optgroup", { label: t("研究报告") }, [["news-generator", "快讯生成模型"], ["reasons-matcher", "解释匹配器"]]
      .map(([p, name]) => h("option", { value: p }, t(name)))));
  const about = h("p", { class: "muted", id: "purpose-about" });
  const picker = h("form", { class: "card", id: "purpose-form", onsubmit: (e) => e.preventDefault() },
    field("模型用途", purpose, "意图与槽位识别模型每个场景一个；快讯生成与解释匹配器每个租户一个"), about);
  const versionsBox = h("section", { class: "card", id: "versions", "aria-labelledby": "versions-title" });
  const trainBox = h("section", { class: "card", id: "training", "aria-labelledby": "train-title" });
  const jobsBox = h("section", { class: "card", id: "jobs", "aria-labelledby": "jobs-title" });
  const compareBox = h("section", { class: "card", id: "comparison", "aria-labelledby": "compare-title" });
  main.append(picker, versionsBox, trainBox, jobsBox, compareBox);

  const state = { versions: [], snapshots: [] };
  const jobs = jobList(jobsBox, () => loadVersions());
  let training = null;
  let seq = 0; // a purpose chosen while the last one still loads wins
  function showPurpose() {
    const fam = family(purpose.value);
    about.textContent = t(ABOUT[fam]);
    main.dataset.family = fam;
    training = trainingFor(trainBox, fam, { purpose: () => purpose.value, snapshots: () => state.snapshots, role, me,
      started: async (job) => { await jobs.add(job); await loadVersions(); }, trained: () => loadVersions() });
  }
  async function loadVersions() {
    const mine = ++seq;
    const p = purpose.value;
    const fam = family(p);
    const list = h("div", { id: "versions-body" });
    versionsBox.replaceChildren(h("h2", { id: "versions-title" }, t("版本与谱系")), list);
    loading(list);
    try {
      const [versions, snapshots] = await Promise.all([get(`/api/models?purpose=${encodeURIComponent(p)}`),
        FORMS[fam] ? get(`/api/datasets?purpose=${encodeURIComponent(p)}`) : []]);
      const live = versions.find((v) => v.status === "LIVE");
      const history = live ? (await get(`/api/models/${encodeURIComponent(live.id)}`)).history : [];
      if (mine !== seq) return;
      state.versions = versions;
      state.snapshots = snapshots;
      const previous = live ? history.find((c) => c.toId === live.id)?.fromId || null : null;
      renderVersions(list, { purpose: p, fam, role }, versions, snapshots, previous, loadVersions);
      training?.refresh();
      comparison(compareBox, fam, versions);
      versionsBox.dataset.purpose = p; // tests wait for the purpose they chose
    } catch (ex) { if (mine === seq) failed(list, ex, loadVersions); }
  }
  purpose.addEventListener("change", () => { showPurpose(); loadVersions(); });
  showPurpose();
  await Promise.all([loadVersions(), jobs.load()]);
  return jobs.stop;
}

// ---- versions ---------------------------------------------------------------------------------------------

/** The key metrics of each purpose, by the names the server writes into a version's {@code metrics}. */
const METRICS = {
  intent: [
    { label: "准确率", num: true, render: (v) => fixed(v.metrics.accuracy) },
    { label: "宏平均 F1", num: true, render: (v) => withDelta(v, "macroF1") },
  ],
  ner: [
    { label: "跨度宏平均 F1", num: true, render: (v) => withDelta(v, "macroF1") },
    { label: "各类型 F1", render: typeDetails },
  ],
  "news-generator": [
    { label: "BLEU", num: true, render: (v) => evaluated(v, "bleu") },
    { label: "RG 精确率", num: true, render: (v) => evaluated(v, "rgPrecision") },
    { label: "回退率", num: true, render: (v) => evaluated(v, "fallbackRate") },
    { label: "训练损失", num: true, render: (v) => fixed(v.metrics.finalLoss) },
  ],
  "reasons-matcher": [
    { label: "阈值", num: true, render: (v) => fixed(v.metrics.threshold) },
    { label: "留出判定准确率", num: true, render: (v) => withDelta(v, "heldOut.decisionAccuracy") },
    { label: "开发集 F1", num: true, render: (v) => withDelta(v, "dev.f1") },
  ],
};

/** What a version was trained on: a dataset snapshot (intent, ner), sample pairs (generator) or judgments (matcher). */
function dataOf(fam, v, snaps) {
  const m = v.metrics;
  if (fam === "news-generator") return typeof m.trainingPairs === "number" ? `${m.trainingPairs} ${t("对样本")}` : "—";
  if (fam === "reasons-matcher") {
    return typeof m["judgments.training"] === "number" ? `${m["judgments.training"]} + ${m["judgments.heldOut"]} ${t("条判断")}` : "—";
  }
  const s = snaps.get(v.datasetSnapshotId);
  return s ? `v${s.version}（${s.examples} ${t("条")}）` : short(v.datasetSnapshotId);
}

/** {@code previous}: the version the live one replaced, what a rollback puts back (none: nothing to roll back to). */
function renderVersions(box, ctx, versions, snapshots, previous, reload) {
  const { purpose, fam } = ctx;
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
  const builtIn = { intent: "当前没有线上版本，对话使用内置通用模型。", ner: "当前没有线上版本，对话使用内置槽位识别模型。",
    "news-generator": "当前没有线上版本，快讯按已保存的模型或模板生成。", "reasons-matcher": "当前没有线上版本，使用默认阈值 0.5。" };
  const summary = h("p", { class: "muted" }, live ? `${t("线上版本")}：${name(live.id)}` : t(builtIn[fam]));
  if (!versions.length) {
    const how = { "news-generator": "还没有模型版本：按下方说明离线训练并登记。", "reasons-matcher": "还没有模型版本：用下方按钮以解释判断训练第一个。" };
    box.replaceChildren(summary, h("p", { class: "state empty" }, t(how[fam] || "还没有模型版本：用下方表单训练第一个。")));
    return;
  }
  box.replaceChildren(summary, h("div", { class: "toolbar" }, rollback, why, rollbackMsg), table([
    { label: "版本", render: (v) => h("span", { "data-version": v.id, title: v.id }, name(v.id)) },
    { label: "上一版本", render: (v) => (v.parent ? name(v.parent) : "—") },
    { label: "状态", render: (v) => { const [l, k] = STATUS[v.status] || [v.status, ""]; const b = badge(l, k); b.dataset.status = v.status; return b; } },
    { label: FORMS[fam] ? "数据集快照" : "训练数据", render: (v) => dataOf(fam, v, snaps) },
    ...METRICS[fam],
    { label: "大小", num: true, render: (v) => size(v.sizeBytes) },
    { label: "创建者", render: (v) => v.createdBy },
    { label: "创建时间", render: (v) => time(v.createdAt) },
    { label: "操作", render: (v) => (v.status === "LIVE" ? "" : promoteButton(v, name, reload, ctx)) },
  ], versions, { id: "versions-table", "data-family": fam }));
  box.querySelectorAll("#versions-table tbody tr").forEach((tr, i) => { tr.dataset.version = versions[i].id; tr.dataset.status = versions[i].status; });
}

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`);

/** A metric with its change against the version that was live on the same evaluation ({@code baseline.<key>}). */
function withDelta(v, key) {
  const m = v.metrics[key];
  const base = v.metrics[`baseline.${key}`];
  if (typeof m !== "number") return "—";
  if (typeof base !== "number") return m.toFixed(4);
  const d = m - base;
  return h("span", {}, m.toFixed(4), " ", h("span", { class: d >= 0 ? "delta-up" : "delta-down", title: t("与训练时的线上模型相比") },
    `(${d >= 0 ? "+" : ""}${d.toFixed(4)})`));
}

/** A generator's evaluation figure; versions registered by gen-train carry training figures only until evaluated. */
function evaluated(v, key) {
  const m = v.metrics[key];
  return typeof m === "number" ? m.toFixed(4) : h("span", { class: "muted", title: t("用 reports gen-eval 评测") }, t("未评测"));
}

/** Span F1 per slot type ({@code f1:<type>}), folded so the table stays narrow. */
function typeDetails(v) {
  const types = Object.keys(v.metrics).filter((k) => k.startsWith("f1:")).map((k) => k.slice(3)).sort();
  if (!types.length) return "—";
  return h("details", { class: "types", "data-types": String(types.length) },
    h("summary", {}, `${types.length} ${t("类")}`),
    h("ul", {}, types.map((ty) => h("li", {}, h("span", { class: "type-name" }, ty), " ", withDelta(v, `f1:${ty}`)))));
}

function promoteButton(v, name, reload, ctx) {
  const msg = h("span", { class: "inline-msg", role: "alert" });
  const btn = h("button", { type: "button", class: "promote", "aria-label": `${t("上线")} ${name(v.id)}` }, t("上线"));
  const box = h("div", { class: "actions" }, btn, msg);
  btn.addEventListener("click", () => {
    box.querySelector("button.force")?.remove();
    confirmThen(btn, "确认上线", msg, async () => {
      await post(`/api/models/${encodeURIComponent(v.id)}/promote`);
      toast(`${name(v.id)} ${t("已上线")}`);
      await reload();
    }, (ex) => {
      // the matcher refuses a worse version; an admin may still make it live, knowingly
      if (ctx.fam === "reasons-matcher" && ex.status === 409 && ctx.role === "admin") box.append(forceButton(v, name, reload, msg));
    });
  });
  return box;
}

function forceButton(v, name, reload, msg) {
  const force = h("button", { type: "button", class: "danger force", "aria-label": `${t("强制上线")} ${name(v.id)}` }, t("强制上线"));
  force.addEventListener("click", () => confirmThen(force, "确认强制上线", msg, async () => {
    await post(`/api/reasons-matcher/${encodeURIComponent(v.id)}/promote`, { force: true });
    toast(`${name(v.id)} ${t("已强制上线")}`);
    await reload();
  }));
  return force;
}

/** Swaps the button for a confirm/cancel pair; the API's refusal is shown next to it, in words. */
function confirmThen(button, confirmLabel, msg, action, refused = () => {}) {
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
      refused(ex);
    }
  });
  yes.focus();
}

// ---- training ---------------------------------------------------------------------------------------------

/** The training section as the purpose allows: a form (intent, ner), a button (reasons matcher) or the CLI (generator). */
function trainingFor(box, fam, ctx) {
  if (FORMS[fam]) return trainingForm(box, FORMS[fam], ctx.purpose, ctx.snapshots, ctx.started);
  if (fam === "reasons-matcher") return matcherTraining(box, ctx.role, ctx.trained);
  const dir = "<模型目录>";
  box.replaceChildren(h("h2", { id: "train-title" }, t("训练新版本")),
    h("p", {}, t("快讯生成模型在服务器上离线训练（需要定期报告 PDF，耗时数分钟到数十分钟），不能在此页面启动。训练并登记为候选版本后，它会出现在上表，可在这里上线或回滚：")),
    h("pre", { class: "command", id: "gen-train-command" }, h("code", {},
      `bin/zhiyu reports gen-train --tenant ${ctx.me?.tenant || "<租户>"} --out ${dir} --register`)),
    h("p", {}, t("BLEU、RG 精确率和回退率由评测命令给出：")),
    h("pre", { class: "command" }, h("code", {}, `bin/zhiyu reports gen-eval --model ${dir}`)));
  return null;
}

function matcherTraining(box, role, trained) {
  const allowed = RESEARCH_ROLES.has(role);
  const msg = h("span", { class: "inline-msg", id: "matcher-train-msg", role: "alert" });
  const why = h("span", { class: "muted", id: "matcher-train-why" },
    allowed ? t("用研究员已取得一致的解释判断（接受或拒绝）校准显示阈值，至少需要 8 条。")
      : t("只有管理员或研究员可以训练解释匹配器：训练用的是研究员的解释判断。"));
  const button = h("button", { type: "button", id: "matcher-train", disabled: !allowed,
    "aria-describedby": "matcher-train-why matcher-train-msg" }, t("用标注训练"));
  button.addEventListener("click", async () => {
    msg.textContent = "";
    button.disabled = true;
    try {
      const v = await post("/api/reasons-matcher/train");
      toast(`${t("已训练候选版本")} ${short(v.id)}`);
      await trained();
    } catch (ex) {
      msg.textContent = `${t(ex.problem?.title || "未执行")}：${ex.message}`;
    } finally { button.disabled = false; }
  });
  box.replaceChildren(h("h2", { id: "train-title" }, t("训练新版本")), h("div", { class: "toolbar" }, button, why, msg));
  return null;
}

function trainingForm(box, spec, purpose, snapshots, started) {
  const snapshot = select("snapshotId", []);
  const choices = spec.selects.map(([key, label, options]) => ({ key, control: select(key, options.map(([v, l]) => [v, t(l)])), label }));
  const kind = choices.find((c) => c.key === "kind")?.control;
  const numbers = [...spec.numbers, TIME_LIMIT].map(([key, label, min, max, dflt, only]) => {
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
    spec.note ? h("p", { class: "muted" }, t(spec.note)) : null,
    h("div", { class: "row" }, choices.map((c) => field(c.label, c.control)), ...numbers.map((n) => n.wrap)),
    h("div", { class: "checkbox" }, auto, h("label", { for: "auto-promote" }, t("满足上线规则时自动上线"))),
    err, h("div", { class: "toolbar" }, h("button", { type: "submit" }, t("开始训练"))));
  box.replaceChildren(h("h2", { id: "train-title" }, t("训练新版本")), form);

  function fillSnapshots() {
    const keep = snapshot.value;
    snapshot.replaceChildren(h("option", { value: "" }, t("现在用当前标注新建快照")),
      ...snapshots().map((s) => h("option", { value: s.id }, `v${s.version} · ${s.examples} ${t("条")}（${t("留出")} ${s.heldOut}）· ${time(s.createdAt)}`)));
    if ([...snapshot.options].some((o) => o.value === keep)) snapshot.value = keep;
  }
  function showKind() { numbers.forEach((n) => { if (n.only) n.wrap.hidden = kind?.value !== n.only; }); }
  kind?.addEventListener("change", showKind);
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
    const hp = { ...spec.fixed };
    choices.forEach((c) => { hp[c.key] = c.control.value; });
    let limit = null;
    for (const n of numbers) {
      if (n.only && n.only !== kind?.value) continue;
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
      // the API names a bad hyper-parameter in its message ("超参数 folds 应在…", "base=none 至少需要…"): put it by that field
      const named = /超参数「?(\w+)|（(\w+)=/.exec(ex.message || "");
      const key = named && (named[1] || named[2]);
      if (!ex.errors.length && key && form.querySelector(`[name="${key}"]`)) ex.errors = [{ field: key, message: ex.message }];
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

/** Intent and slot versions are compared example by example on one evaluation set; the other purposes by their metrics. */
function comparison(box, fam, versions) {
  box.replaceChildren(h("h2", { id: "compare-title" }, t("版本比较")));
  if (!FORMS[fam]) { box.append(h("p", { class: "state empty" }, t("此用途的版本不做逐例比较：请看上表中的指标。"))); return; }
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
      const c = await get(`/api/models/compare?a=${encodeURIComponent(a.value)}&b=${encodeURIComponent(b.value)}`);
      if (fam === "ner") renderNerComparison(out, c); else renderComparison(out, c);
    } catch (ex) { out.replaceChildren(); showProblem(form, ex); }
  });
  box.append(form, out);
}

/** F1 deltas as horizontal bars, worst first; {@code data-bars} says how many were drawn. */
function deltaChart(rows, title) {
  const bars = h("div", { class: "chart tall", id: "delta-chart", role: "img",
    "aria-label": `${t(title)}：${rows.filter((r) => r.delta !== 0).map((r) => `${r.name} ${r.delta.toFixed(3)}`).join("，") || t("无变化")}` });
  chart(bars, { tooltip: {}, grid: { left: 8, right: 24, top: 10, bottom: 24, containLabel: true },
    xAxis: { type: "value" }, yAxis: { type: "category", data: rows.map((r) => r.name) },
    series: [{ type: "bar", data: rows.map((r) => ({ value: Number(r.delta.toFixed(4)),
      itemStyle: { color: r.delta >= 0 ? "#05603a" : "#b42318" } })) }] })
    .then(() => { bars.dataset.bars = String(rows.length); })
    .catch((ex) => { bars.replaceWith(h("p", { class: "state error", role: "alert" }, ex.message)); });
  return bars;
}

const fixedBadge = (f) => (f.fixedByB ? badge("B 改对", "ok") : badge("B 改错", "bad"));

function summaryLine(c, metric) {
  const d = c.macroF1B - c.macroF1A;
  return h("p", { id: "compare-summary" }, `${t("评测")} ${c.examples} ${t("条")}：${t(metric)} ${c.macroF1A.toFixed(4)} → ${c.macroF1B.toFixed(4)}（${d >= 0 ? "+" : ""}${d.toFixed(4)}）`);
}

function renderComparison(out, c) {
  const intents = [...c.intents].sort((x, y) => x.delta - y.delta);
  out.replaceChildren(
    summaryLine(c, "宏平均 F1"),
    h("h3", {}, t("各意图 F1 变化（B − A）")), deltaChart(intents.map((i) => ({ name: label("intent", i.intent), delta: i.delta })), "各意图 F1 变化（B − A）"),
    h("h3", {}, t("翻转的例子")),
    c.flipped.length ? table([
      { label: "话语", key: "text" }, { label: "标注意图", render: (f) => label("intent", f.gold) },
      { label: "A 预测", render: (f) => label("intent", f.predictedA) }, { label: "B 预测", render: (f) => label("intent", f.predictedB) },
      { label: "结果", render: fixedBadge },
    ], c.flipped, { id: "flips-table" }) : h("p", { class: "state empty" }, t("两个版本在评测集上的判断完全一致。")),
    c.confusions.length ? h("details", {}, h("summary", {}, t("混淆变化")), table([
      { label: "标注意图", render: (f) => label("intent", f.gold) }, { label: "误判为", render: (f) => label("intent", f.predicted) },
      { label: "A 次数", num: true, key: "countA" }, { label: "B 次数", num: true, key: "countB" }], c.confusions)) : null);
}

/** NerComparison: per slot type span F1 of each version, and sentences one version gets exactly right and the other not. */
function renderNerComparison(out, c) {
  const types = [...c.types].sort((x, y) => x.delta - y.delta);
  const spans = (list) => (list.length ? list.join("、") : t("（无）"));
  out.replaceChildren(
    summaryLine(c, "跨度宏平均 F1"),
    h("h3", {}, t("各槽位类型 F1 变化（B − A）")),
    deltaChart(types.map((ty) => ({ name: `${ty.type}（${ty.support}）`, delta: ty.delta })), "各槽位类型 F1 变化（B − A）"),
    h("details", {}, h("summary", {}, t("各类型 F1")), table([
      { label: "槽位类型", key: "type" }, { label: "标注跨度数", num: true, key: "support" },
      { label: "A 的 F1", num: true, render: (ty) => ty.f1A.toFixed(4) }, { label: "B 的 F1", num: true, render: (ty) => ty.f1B.toFixed(4) },
    ], types, { id: "types-table" })),
    h("h3", {}, t("翻转的句子")),
    c.flipped.length ? table([
      { label: "话语", key: "text" }, { label: "标注槽位", render: (f) => spans(f.gold) },
      { label: "A 识别", render: (f) => spans(f.predictedA) }, { label: "B 识别", render: (f) => spans(f.predictedB) },
      { label: "结果", render: fixedBadge },
    ], c.flipped, { id: "flips-table" }) : h("p", { class: "state empty" }, t("两个版本在评测集上的识别完全一致。")));
}
