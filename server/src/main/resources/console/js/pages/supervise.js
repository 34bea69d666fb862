// Supervisor pages: the live wall (server-sent events of every running task), task dashboards, compliance flags.
import { get, post } from "../api.js";
import { t, label } from "../i18n.js";
import { h, field, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, percent, time, chart, toast } from "../ui.js";

/** How each call state (named in the label catalogue's callState) is badged. */
const KINDS = { dialling: "warn", answered: "live", talking: "live", takeover: "warn", transferred: "live", unconfirmed: "warn" };
const UP = new Set(["answered", "talking"]);
const LIVE = new Set(["RUNNING", "PAUSED"]);

function seconds(from, to) {
  const s = Math.max(0, Math.round(((to ? new Date(to) : new Date()) - new Date(from)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export async function wall(main) {
  const grid = h("div", { class: "wall", id: "wall", "aria-live": "polite", "aria-relevant": "additions" });
  const status = h("p", { class: "muted", id: "wall-tasks" });
  const detail = h("div", { id: "call-detail" });
  const placeholder = h("p", { class: "state empty", id: "wall-empty" }, t("当前没有进行中的任务，任务开始后通话会实时出现在这里。"));
  /** What the wall says while it shows no call: whether tasks run (waiting for their first call) or none does. */
  function idle(live) {
    placeholder.hidden = cards.size > 0;
    placeholder.dataset.running = String(live.length);
    placeholder.textContent = live.length ? t("{n} 个任务进行中，等待第一通电话接通…").replace("{n}", live.length)
      : t("当前没有进行中的任务，任务开始后通话会实时出现在这里。");
  }
  main.append(h("h1", {}, t("实时监控")), status, placeholder, grid, detail);
  const streams = new Map();
  const names = new Map();
  const cards = new Map();

  function render(e) {
    let c = cards.get(e.callId);
    if (!c) {
      c = { el: h("article", { class: "call", "data-call": e.callId, tabindex: "0" }), trail: [], started: e.at, event: e };
      cards.set(e.callId, c);
      grid.append(c.el); // cards keep their places: a button never moves away under the pointer as calls arrive
      placeholder.hidden = true;
    }
    if (e.transferredTo) c.transferredTo = e.transferredTo;
    const shown = shownState(c, e.state === "talking" ? "answered" : e.state); // each utterance is news, not a new state
    if (c.trail[c.trail.length - 1] !== shown) c.trail.push(shown);
    if (e.state === "answered" && !c.answered) c.answered = e.at;
    if (e.state === "ended") c.ended = e.at;
    if (e.stage) c.stage = e.stage;
    if (e.lines && e.lines.length) c.lines = e.lines;
    c.event = e;
    draw(c);
  }

  /** Once taken over the call is the agent's: the events that still come say "talking", but no dialog runs any more. */
  function shownState(c, state) {
    return c.transferredTo && (UP.has(state) || state === "takeover") ? "transferred" : state;
  }

  function draw(c) {
    const e = c.event;
    const state = shownState(c, e.state);
    if (state === "transferred" && c.trail[c.trail.length - 1] !== state) c.trail.push(state);
    const stateName = label("callState", state);
    c.el.dataset.state = state;
    c.el.dataset.states = c.trail.join(" ");
    c.el.setAttribute("aria-label", `${e.phone} ${stateName}`);
    c.el.replaceChildren(...[
      h("div", { class: "row" }, h("span", { class: "phone" }, e.phone), badge(stateName, KINDS[state] || "")),
      h("div", { class: "meta" }, `${names.get(e.taskId) || e.taskId} · ${t("时长")} ${seconds(c.answered || c.started, c.ended)}`),
      e.disposition ? h("div", { class: "meta" }, label("disposition", e.disposition)) : null,
      c.stage && state !== "transferred" ? h("div", { class: "meta stage" }, `${t("当前环节")}：${label("stage", c.stage)}`) : null,
      ...(c.lines || []).map((l) => l.speaker === "bot" ? h("p", { class: "said bot" }, `${t("机器人")}：${l.text}`)
        : h("p", { class: "said customer" }, `${t("客户")}：${l.text}`)),
      c.transferredTo ? h("div", { class: "meta transfer" }, `${t("已转人工")} → ${c.transferredTo}`) : null,
      h("div", { class: "trail" }, c.trail.map((s) => label("callState", s)).join(" → ")),
      UP.has(e.state) && !c.transferredTo ? h("button", { type: "button", class: "takeover", onclick: () => takeOver(c) }, t("接管（转人工）")) : null,
      e.state === "ended" ? h("button", { type: "button", class: "secondary", onclick: () => showCall(detail, e.taskId, e.callId) }, t("查看记录")) : null,
    ].filter(Boolean));
  }

  async function takeOver(c) {
    const btn = c.el.querySelector("button.takeover");
    if (btn) btn.disabled = true;
    try {
      const r = await post(`/api/calls/${encodeURIComponent(c.event.callId)}/transfer`);
      c.transferredTo = r.transferredTo;
      draw(c);
    } catch (ex) {
      toast(ex.message);
      if (btn) btn.disabled = false;
    }
  }

  async function discover() {
    try {
      const tasks = await get("/api/tasks");
      const live = tasks.filter((x) => LIVE.has(x.status));
      tasks.forEach((x) => names.set(x.id, x.name || x.id));
      status.textContent = `${t("进行中的任务")}：${live.length ? live.map((x) => x.name || x.id).join("、") : t("无")}`;
      idle(live);
      for (const x of live) {
        if (streams.has(x.id)) continue;
        const es = new EventSource(`/api/tasks/${encodeURIComponent(x.id)}/events`);
        es.addEventListener("call", (m) => render(JSON.parse(m.data)));
        streams.set(x.id, es);
      }
      for (const [id, es] of streams) {
        if (!live.some((x) => x.id === id)) { es.close(); streams.delete(id); }
      }
    } catch (ex) { status.textContent = ex.message; }
  }
  await discover();
  const poll = setInterval(discover, 2000);
  const tick = setInterval(() => cards.forEach((c) => { if (c.event.state !== "ended") draw(c); }), 1000);
  return () => { clearInterval(poll); clearInterval(tick); streams.forEach((es) => es.close()); };
}

async function showCall(box, taskId, callId) {
  loading(box);
  try {
    const calls = await get(`/api/tasks/${encodeURIComponent(taskId)}/calls?limit=1000`);
    const c = calls.find((x) => x.callId === callId);
    if (!c) { empty(box, "暂无数据"); return; }
    box.replaceChildren(h("section", { class: "card", "aria-labelledby": "call-title", id: "call-record" },
      h("h2", { id: "call-title" }, `${t("通话记录")} · ${c.phone}`),
      h("dl", { class: "facts" }, h("dt", {}, t("状态")), h("dd", {}, label("disposition", c.disposition)),
        h("dt", {}, t("时长")), h("dd", {}, `${c.talkSeconds} s`), h("dt", {}, t("挂断原因")),
        h("dd", { title: c.hangupCause || "" }, c.hangupCause ? label("hangupCause", c.hangupCause) : "—"),
        h("dt", {}, t("录音")), h("dd", {}, c.recordingPath || t("无"))),
      c.transferredTo ? h("p", { class: "transfer" }, `${t("已转人工")} → ${c.transferredTo}`) : null,
      h("div", { class: "record-pane" },
        h("section", { "aria-labelledby": "rec-title" }, h("h3", { id: "rec-title" }, t("录音")), recording(c)),
        h("section", { "aria-labelledby": "tr-title" }, h("h3", { id: "tr-title" }, t("转写")), transcript(c.transcript)))));
    box.querySelector("h2").focus?.();
  } catch (ex) { failed(box, ex); }
}

function recording(c) {
  if (!c.recordingPath) return h("p", { class: "muted" }, t("这通电话没有录音"));
  const src = `/api/calls/${encodeURIComponent(c.callId)}/recording`;
  const note = h("p", { class: "muted", hidden: true, role: "status" });
  const audio = h("audio", { controls: true, preload: "none", src, "aria-label": `${t("录音")} ${c.phone}` });
  audio.addEventListener("error", () => { note.hidden = false; note.textContent = t("录音不可用（可能已按保留期限删除）"); });
  return h("div", {}, audio, note);
}

function transcript(lines) {
  if (!lines || !lines.length) return h("p", { class: "muted" }, t("无"));
  return h("ol", { class: "transcript" }, lines.map((l) => h("li", { class: l.startsWith("机器人") ? "bot" : l.startsWith("系统") ? "system" : "customer" }, l)));
}

async function taskPicker(onPick) {
  const tasks = await get("/api/tasks");
  const s = select("task", [["", t("请选择")], ...tasks.map((x) => [x.id, `${x.name || x.id} · ${label("taskStatus", x.status)}`])]);
  if (tasks.length) s.value = tasks[tasks.length - 1].id;
  s.addEventListener("change", () => s.value && onPick(s.value));
  return { control: s, tasks };
}

export async function dashboard(main) {
  const body = h("div", { id: "dashboard" });
  const { control, tasks } = await taskPicker((id) => load(id));
  main.append(h("h1", {}, t("任务看板")), h("form", { class: "card", onsubmit: (e) => e.preventDefault() }, field("选择任务", control)), body);
  if (!tasks.length) { empty(body, "还没有任务。"); return; }
  async function load(id) {
    loading(body);
    try {
      const [s, calls, dialogs] = await Promise.all([get(`/api/tasks/${encodeURIComponent(id)}/stats`),
        get(`/api/tasks/${encodeURIComponent(id)}/calls?limit=1000`),
        get(`/api/console/dialog-stats?task=${encodeURIComponent(id)}`)]);
      renderDashboard(body, s, calls, dialogs);
    } catch (ex) { failed(body, ex, () => load(id)); }
  }
  await load(control.value);
}

function renderDashboard(body, s, calls, dialogs) {
  const answered = calls.filter((c) => c.answeredAt);
  const turns = answered.map((c) => c.transcript.filter((l) => l.startsWith("客户")).length);
  const avgTurns = turns.length ? (turns.reduce((a, b) => a + b, 0) / turns.length).toFixed(1) : "—";
  const kpis = [["已拨打", s.dialled], ["接通率", percent(s.answered, s.dialled)], ["转人工率", percent(s.transferred, s.answered)],
    ["兜底率", dialogs.callerTurns ? percent(dialogs.fallbackTurns, dialogs.callerTurns) : "—"], ["平均轮次", avgTurns]];
  const charts = { outcomes: h("div", { class: "chart", role: "img", "aria-label": t("结果分布（A/B/C/D）") }),
    dispositions: h("div", { class: "chart", role: "img", "aria-label": t("通话结果") }),
    funnel: h("div", { class: "chart", role: "img", "aria-label": t("转化漏斗") }),
    causes: h("div", { class: "chart", role: "img", "aria-label": t("挂断原因（按分钟）") }),
    intents: h("div", { class: "chart", id: "intent-chart", role: "img", "aria-label": t("意图分布") }),
    stages: h("div", { class: "chart", id: "stage-chart", role: "img", "aria-label": t("对话环节漏斗") }) };
  const card = (title, el) => h("section", { class: "card" }, h("h2", {}, t(title)), el);
  body.replaceChildren(h("div", { class: "kpis" }, kpis.map(([k, v]) => h("div", { class: "kpi", "data-kpi": k }, h("b", {}, v), h("span", {}, t(k))))),
    h("div", { class: "grid" }, card("结果分布（A/B/C/D）", charts.outcomes), card("通话结果", charts.dispositions),
      card("转化漏斗", charts.funnel), card("挂断原因（按分钟）", charts.causes),
      card("意图分布", charts.intents), card("对话环节漏斗", charts.stages)));
  if (!s.dialled) {
    Object.values(charts).forEach((c) => c.replaceWith(h("p", { class: "state empty" }, t("暂无数据"))));
    return;
  }
  const intents = Object.entries(dialogs.intents);
  if (intents.length) {
    chart(charts.intents, { tooltip: {}, legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 10, bottom: 40, containLabel: true },
      xAxis: { type: "value" }, yAxis: { type: "category", inverse: true, data: intents.map(([k]) => label("intent", k)) },
      series: [{ name: t("轮次"), type: "bar", data: intents.map(([, v]) => v), itemStyle: { color: "#0f766e" } }] });
    nonEmpty(charts.intents, intents.length);
  } else charts.intents.replaceWith(h("p", { class: "state empty" }, t("暂无数据")));
  if (dialogs.stageFunnel.length) {
    const stages = dialogs.stageFunnel.map((f) => ({ name: label("stage", f.stage), value: f.dialogs }));
    chart(charts.stages, { tooltip: {}, legend: { bottom: 0, type: "scroll" }, series: [{ name: t("对话数"), type: "funnel", sort: "none",
      left: 10, right: 150, top: 10, bottom: 40, minSize: "10%", label: { formatter: "{b}: {c}" }, data: stages }] });
    nonEmpty(charts.stages, stages.length);
  } else charts.stages.replaceWith(h("p", { class: "state empty" }, t("暂无数据")));
  const outcomes = Object.entries(s.outcomes);
  chart(charts.outcomes, { tooltip: {}, legend: { bottom: 0 }, series: [{ name: t("通话结果"), type: "pie", radius: ["35%", "65%"],
    data: outcomes.map(([k, v]) => ({ name: k, value: v })) }] });
  nonEmpty(charts.outcomes, outcomes.length);
  charts.outcomes.after(legend(t("结果说明"), "outcome", outcomes.length ? outcomes.map(([k]) => k) : ["A", "B", "C", "D"]));
  const dispositions = Object.entries(s.dispositions);
  chart(charts.dispositions, { tooltip: {}, legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: "value" }, yAxis: { type: "category", data: dispositions.map(([k]) => label("disposition", k)) },
    series: [{ name: t("通话数"), type: "bar", data: dispositions.map(([, v]) => v), itemStyle: { color: "#1d4ed8" } }] });
  nonEmpty(charts.dispositions, dispositions.length);
  chart(charts.funnel, { tooltip: {}, legend: { bottom: 0, type: "scroll" }, series: [{ name: t("线索"), type: "funnel", sort: "none",
    left: 10, right: 150, top: 10, bottom: 40, minSize: "10%", label: { formatter: "{b}: {c}" },
    data: s.funnel.map((f) => ({ name: t(f.stage), value: f.leads })) }] });
  nonEmpty(charts.funnel, s.funnel.length);
  const byMinute = new Map();
  const causes = new Set();
  for (const c of calls) {
    if (!c.hungUpAt) continue;
    const m = new Date(c.hungUpAt); m.setSeconds(0, 0);
    const key = m.toTimeString().slice(0, 5);
    const cause = c.hangupCause || "none";
    causes.add(cause);
    if (!byMinute.has(key)) byMinute.set(key, {});
    byMinute.get(key)[cause] = (byMinute.get(key)[cause] || 0) + 1;
  }
  const minutes = [...byMinute.keys()].sort();
  chart(charts.causes, { tooltip: { trigger: "axis" }, legend: { bottom: 0, type: "scroll" }, grid: { left: 40, right: 16, top: 10, bottom: 50 },
    xAxis: { type: "category", data: minutes }, yAxis: { type: "value" },
    series: [...causes].map((cause) => ({ name: label("hangupCause", cause), type: "bar", stack: "c",
      data: minutes.map((m) => byMinute.get(m)[cause] || 0) })) });
  nonEmpty(charts.causes, minutes.length);
}

/** Marks a chart with how many items it draws, so a check can tell a drawn chart from an empty one. */
function nonEmpty(el, items) { el.dataset.items = String(items); }

/** A legend in words under a chart: each key of {@code kind} shown with its name from the label catalogue. */
function legend(title, kind, keys) {
  return h("dl", { class: "legend", "aria-label": title, "data-legend": kind },
    keys.flatMap((k) => [h("dt", {}, k), h("dd", {}, label(kind, k).replace(new RegExp(`^${k}\\s*类?[：:]\\s*`), ""))]));
}

export async function compliance(main) {
  const out = h("div", { id: "compliance-result" });
  const { control, tasks } = await taskPicker(() => {});
  const err = formError();
  const form = h("form", { class: "card", novalidate: true }, h("div", { class: "row" }, field("选择任务", control),
    h("div", { class: "field" }, h("button", { type: "submit" }, t("检查")))), err);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    loading(out);
    try {
      const r = await get(`/api/console/compliance?task=${encodeURIComponent(control.value)}`);
      const kinds = { PROHIBITED_PHRASE: "bad", NO_AI_DISCLOSURE: "warn", OUTSIDE_WINDOW: "warn" };
      out.replaceChildren(h("section", { class: "card" }, h("p", {}, `${t("已检查通话")}：${r.scanned}`),
        r.flags.length ? table([{ label: "号码", key: "phone" }, { label: "类型", render: (f) => badge(f.label, kinds[f.kind]) },
          { label: "证据", key: "evidence" }], r.flags, { id: "flags" }) : h("p", { class: "state empty" }, t("未发现合规问题。"))));
    } catch (ex) { out.replaceChildren(); showProblem(form, ex); }
  });
  main.append(h("h1", {}, t("合规检查")), form, out);
  if (!tasks.length) empty(out, "还没有任务。");
}
