// The annotation workbench: caller turns worth a second look, one item per distinct sentence (its copies labelled at
// once), with the turn's context, an intent picker (the scenario's own intents first), a slot picker (the scenario's
// slots: a value selected in the sentence or typed, or one of a problem slot's values) and keyboard shortcuts:
// 1–9 pick, Enter save, S skip, U or Ctrl+Z undo, / search, M mark a slot. A second tab shows where annotators disagree.
import { get, post } from "../api.js";
import * as i18n from "../i18n.js";
import { h, select, table, badge, loading, empty, failed, toast } from "../ui.js";

const t = i18n.t;
const REASONS = { low_confidence: "模型把握低", fallback: "机器人没听懂", repeated: "客户重复了一遍", bad_ending: "通话结束得不好" };
const pct = (x) => `${Math.round(100 * x)}%`;

const name = (kind, key) => i18n.label(kind, key);

export async function queue(main) {
  const scenarios = [...await get("/api/dialog/scenarios")];
  const scenario = select("scenario", scenarios.map((s) => [s, name("scenario", s)]), { id: "wb-scenario", "aria-label": t("场景") });
  const tabs = h("div", { class: "toolbar", role: "tablist" });
  const body = h("div", { id: "annotation-queue" });
  main.append(h("h1", {}, t("标注工作台")), h("div", { class: "card row" }, h("label", { for: "wb-scenario" }, t("场景")), scenario, tabs), body);
  if (!scenarios.length) { empty(body, "暂无数据"); return undefined; }
  let stop = () => {};
  const show = async (which) => {
    stop();
    tabs.querySelectorAll("button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === which)));
    stop = which === "work" ? await workbench(body, scenario.value) : (await agreement(body, scenario.value), () => {});
  };
  tabs.append(h("button", { type: "button", role: "tab", "data-tab": "work", onclick: () => show("work") }, t("标注")),
    h("button", { type: "button", role: "tab", class: "secondary", "data-tab": "agreement", onclick: () => show("agreement") }, t("一致性与冲突")));
  scenario.addEventListener("change", () => show("work"));
  await show("work");
  return () => stop();
}

/** Renders the workbench into box; returns what stops its keyboard shortcuts. */
async function workbench(box, scenario) {
  loading(box);
  let items;
  let intents;
  let slots;
  try {
    [items, intents, slots] = await Promise.all([get(`/api/annotations/workbench?scenario=${encodeURIComponent(scenario)}&limit=200`),
      get(`/api/annotations/intents?scenario=${encodeURIComponent(scenario)}`),
      get(`/api/annotations/slots?scenario=${encodeURIComponent(scenario)}`)]);
  } catch (ex) { failed(box, ex, () => workbench(box, scenario)); return () => {}; }
  const state = { items, done: 0, skipped: 0, undo: [], chosen: null, query: "", slots: {} };
  const progress = h("p", { class: "muted", id: "wb-progress", "aria-live": "polite" });
  const current = h("section", { class: "card", id: "wb-item", "aria-live": "polite" });
  const search = h("input", { type: "search", id: "wb-search", autocomplete: "off", "aria-label": t("搜索意图（按 / 聚焦）"),
    placeholder: t("搜索意图（按 / 聚焦）") });
  const options = h("ol", { class: "wb-options", id: "wb-options", role: "listbox", "aria-label": t("意图") });
  const keys = h("p", { class: "muted wb-keys" }, t("快捷键：1–9 选择，Enter 保存，S 跳过，U 或 Ctrl+Z 撤销，/ 搜索，M 标槽位"));
  const slotPicker = slotsOf(slots, () => state.items[0], () => state.slots);
  box.replaceChildren(progress, h("div", { class: "wb" }, h("div", {}, current, slotPicker.el),
    h("section", { class: "card wb-picker" }, h("h2", {}, t("选择意图")), search, options)), keys);

  const visible = () => {
    const q = state.query.trim().toLowerCase();
    return intents.filter((x) => !q || x.id.includes(q) || name("intent", x.id).toLowerCase().includes(q));
  };
  function renderOptions() {
    const shown = visible();
    options.replaceChildren(...shown.map((x, i) => h("li", { role: "option", "data-intent": x.id, "aria-selected": String(x.id === state.chosen),
      class: x.scenario ? "own" : "", onclick: () => choose(x.id) },
    i < 9 ? h("kbd", {}, String(i + 1)) : h("span", { class: "kbd-gap" }), " ", name("intent", x.id),
    x.scenario ? h("span", { class: "muted" }, ` · ${t("本场景")}`) : null)));
    if (!shown.length) options.replaceChildren(h("li", { class: "muted" }, t("没有匹配的意图")));
  }
  function choose(id) { state.chosen = id; renderOptions(); }

  function renderItem() {
    progress.textContent = `${t("已标注")} ${state.done} · ${t("跳过")} ${state.skipped} · ${t("待标注")} ${state.items.length}`;
    const it = state.items[0];
    if (!it) { current.replaceChildren(h("p", { class: "state empty", id: "wb-empty" }, t("队列已清空：没有待复核的来电话语。"))); return; }
    state.chosen = it.suggestion?.intent || null;
    state.slots = it.suggestion?.slot ? { [it.suggestion.slot]: it.suggestion.value } : {};
    slotPicker.render();
    const c = it.context || { heard: [], belief: {} };
    const nbest = c.heard.length > 1 || (c.heard[0] && c.heard[0].confidence > 0)
      ? h("ol", { class: "plain wb-nbest" }, c.heard.map((x) => h("li", {}, `${x.text} `, h("span", { class: "muted" }, pct(x.confidence))))) : null;
    const s = it.suggestion;
    const suggestion = s
      ? h("p", { id: "wb-suggestion" }, `${t("模型建议")}：`, s.intent ? name("intent", s.intent) : `${name("slot", s.slot)} = ${name(s.slot, s.value)}`,
        h("span", { class: "muted" }, `（${pct(s.probability)}）`))
      : h("p", { class: "muted", id: "wb-suggestion" }, t("模型没有把握，不给建议。"));
    current.replaceChildren(...[
      h("p", { class: "wb-text", id: "wb-text", "data-key": it.key }, it.text),
      it.count > 1 ? h("p", {}, badge(`× ${it.count}`, "live"), " ", t("同样的话共有这么多条，一次标注全部")) : null,
      h("p", {}, it.reasons.map((r) => badge(t(REASONS[r]) || name("reason", r), "warn"))),
      h("dl", { class: "facts" },
        h("dt", {}, t("场景")), h("dd", {}, name("scenario", scenario)),
        h("dt", {}, t("环节")), h("dd", {}, c.stage ? name("stage", c.stage) : "—"),
        h("dt", {}, t("机器人上一句")), h("dd", { id: "wb-bot" }, c.botBefore || "—"),
        nbest ? [h("dt", {}, t("识别候选")), h("dd", {}, nbest)] : null),
      suggestion].filter(Boolean));
    renderOptions();
  }

  async function save() {
    const it = state.items[0];
    if (!it) return;
    if (!state.chosen) { toast("请先选择意图（数字键或点击）"); return; }
    try {
      const body = { turns: it.turns, intent: state.chosen };
      if (Object.keys(state.slots).length) body.slots = state.slots;
      const made = await post("/api/annotations/batch", body);
      state.undo.push({ item: it, ids: made.map((c) => c.id) });
      state.items.shift();
      state.done++;
      state.query = ""; search.value = "";
      renderItem();
    } catch (ex) { toast(ex.message); }
  }
  function skip() {
    const it = state.items.shift();
    if (!it) return;
    state.items.push(it);
    state.skipped++;
    renderItem();
  }
  async function undo() {
    const last = state.undo.pop();
    if (!last) { toast("没有可撤销的标注"); return; }
    try {
      await post("/api/annotations/withdrawals", { ids: last.ids });
      state.items.unshift(last.item);
      state.done--;
      renderItem();
      toast("已撤销");
    } catch (ex) { state.undo.push(last); toast(ex.message); }
  }

  search.addEventListener("input", () => { state.query = search.value; renderOptions(); });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); const first = visible()[0]; if (first) choose(first.id); search.blur(); }
    if (e.key === "Escape") { search.value = ""; state.query = ""; renderOptions(); search.blur(); }
  });
  function onKey(e) {
    if (!box.isConnected) return;
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
    if (typing || e.altKey || e.metaKey) return;
    if (e.ctrlKey) { if (e.key.toLowerCase() === "z") { e.preventDefault(); undo(); } return; }
    if (/^[1-9]$/.test(e.key)) { const x = visible()[Number(e.key) - 1]; if (x) { e.preventDefault(); choose(x.id); } return; }
    const k = e.key.toLowerCase();
    if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement)) { e.preventDefault(); save(); }
    else if (k === "s") { e.preventDefault(); skip(); }
    else if (k === "u") { e.preventDefault(); undo(); }
    else if (e.key === "/") { e.preventDefault(); search.focus(); }
    else if (k === "m" && slots.length) { e.preventDefault(); slotPicker.focus(); }
  }
  document.addEventListener("keydown", onKey);
  document.addEventListener("selectionchange", slotPicker.onSelection);
  renderItem();
  return () => { document.removeEventListener("keydown", onKey); document.removeEventListener("selectionchange", slotPicker.onSelection); };
}

/** How a slot's value is shown: a problem slot's value by its name, what the caller said as it is. */
function slotValueName(slots, slot, value) {
  const d = slots.find((x) => x.name === slot);
  return d && d.values.length ? name(d.type, value) : value;
}

/**
 * The slot picker: choose one of the scenario's slots (M focuses it, Enter goes on to the value), then its value — one
 * of its values, or a span of the sentence, selected with the mouse or typed — and Enter marks it.
 */
function slotsOf(slots, item, marked) {
  const el = h("section", { class: "card wb-slotpicker", hidden: !slots.length });
  const slot = h("select", { id: "wb-slot", "aria-label": t("槽位") }, slots.map((x) => h("option", { value: x.name }, name("slot", x.name))));
  const valueBox = h("span", { class: "wb-slot-value" });
  const list = h("ul", { class: "plain wb-slots", id: "wb-slots", "aria-live": "polite", "aria-label": t("已标的槽位") });
  let value = null;
  const chosen = () => slots.find((x) => x.name === slot.value);
  function renderValue() {
    const d = chosen();
    value = d && d.values.length
      ? h("select", { id: "wb-slot-value", "aria-label": t("槽位值") }, d.values.map((v) => h("option", { value: v }, name(d.type, v))))
      : h("input", { id: "wb-slot-value", autocomplete: "off", "aria-label": t("槽位值（在话语中选中或输入）"), placeholder: t("在话语中选中或输入") });
    value.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); mark(); }
      if (e.key === "Escape") value.blur();
    });
    valueBox.replaceChildren(value);
  }
  function mark() {
    const d = chosen();
    const it = item();
    if (!d || !it) return;
    const v = value.value.trim();
    if (!v) { toast("请先在话语中选中或输入槽位值"); return; }
    if (!d.values.length && !it.text.includes(v)) { toast("槽位值应为话语中的原文片段"); return; }
    marked()[d.name] = v;
    if (!d.values.length) value.value = "";
    render();
    value.blur();
  }
  function render() {
    const all = Object.entries(marked());
    list.replaceChildren(...(all.length ? all.map(([k, v]) => h("li", { "data-slot": k, "data-value": v }, `${name("slot", k)} = ${slotValueName(slots, k, v)} `,
      h("button", { type: "button", class: "secondary", "aria-label": `${t("去掉槽位")} ${name("slot", k)}`,
        onclick: () => { delete marked()[k]; render(); } }, "×"))) : [h("li", { class: "muted" }, t("未标槽位"))]));
  }
  /** A span selected in the sentence becomes the value of a slot whose value is what the caller said. */
  function onSelection() {
    const sel = document.getSelection();
    const text = document.getElementById("wb-text");
    if (!sel || sel.isCollapsed || !text || !text.contains(sel.anchorNode) || !text.contains(sel.focusNode)) return;
    if (!chosen() || chosen().values.length) {
      const free = slots.find((x) => !x.values.length);
      if (!free) return;
      slot.value = free.name;
      renderValue();
    }
    value.value = sel.toString().trim();
  }
  slot.addEventListener("change", renderValue);
  slot.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); value.focus(); }
    if (e.key === "Escape") slot.blur();
  });
  el.append(h("h2", {}, t("槽位")), h("div", { class: "row wb-slot-row" }, slot, valueBox,
    h("button", { type: "button", class: "secondary", id: "wb-slot-add", onclick: mark }, t("标上"))), list);
  renderValue();
  return { el, render, onSelection, focus: () => slot.focus() };
}

/** Texts labelled by two or more annotators: how many agree, and each disagreement with every annotator's verdict. */
async function agreement(box, scenario) {
  loading(box);
  try {
    const [a, slots] = await Promise.all([get(`/api/annotations/agreement?scenario=${encodeURIComponent(scenario)}`),
      get(`/api/annotations/slots?scenario=${encodeURIComponent(scenario)}`)]);
    const slotsShown = (v) => Object.entries(v.slots || {}).map(([k, x]) => `${name("slot", k)} = ${slotValueName(slots, k, x)}`).join("，");
    const summary = a.texts
      ? t("多人标注过的话语 {texts} 条，其中一致 {agreed} 条（{pct}）").replace("{texts}", a.texts).replace("{agreed}", a.agreed)
        .replace("{pct}", pct(a.agreed / a.texts))
      : t("还没有被两位以上标注员标注过的话语。");
    box.replaceChildren(h("section", { class: "card", id: "wb-agreement" }, h("h2", {}, t("一致性")), h("p", {}, summary)),
      h("section", { class: "card" }, h("h2", {}, t("冲突")), a.conflicts.length
        ? table([{ label: "话语", key: "text" }, { label: "各标注员的判断", render: (x) => h("ul", { class: "plain" },
          x.verdicts.map((v) => h("li", {}, `${v.annotator.replace(/^\S+\s/, "")}：${name("intent", v.intent)}`,
            slotsShown(v) ? h("span", { class: "wb-verdict-slots" }, `（${slotsShown(v)}）`) : null))) }], a.conflicts, { id: "wb-conflicts" })
        : h("p", { class: "muted" }, t("没有冲突。"))));
  } catch (ex) { failed(box, ex, () => agreement(box, scenario)); }
}
