// The annotation queue of the models capability: caller turns worth a second look, corrected one by one.
import { get, post } from "../api.js";
import { t } from "../i18n.js";
import { h, field, input, select, table, badge, loading, empty, failed, showProblem, clearErrors, formError, toast } from "../ui.js";

export async function queue(main) {
  const box = h("div", { id: "annotation-queue" });
  const scenarios = [...await get("/api/dialog/scenarios")];
  const scenario = select("scenario", scenarios.map((s) => [s, s]));
  const picker = h("form", { class: "card", onsubmit: (e) => e.preventDefault() }, field("场景", scenario));
  scenario.addEventListener("change", load);
  main.append(h("h1", {}, t("标注队列")), picker, box);
  if (!scenarios.length) { empty(box, "暂无数据"); return; }
  async function load() {
    loading(box);
    try {
      const items = await get(`/api/annotations/queue?scenario=${encodeURIComponent(scenario.value)}&limit=100`);
      if (!items.length) { empty(box, "队列为空：没有待复核的来电话语。"); return; }
      box.replaceChildren(h("section", { class: "card" }, table([
        { label: "话语", render: (x) => x.turn.text },
        { label: "意图", render: (x) => `${x.turn.topIntent || "—"} (${(100 * x.turn.confidence).toFixed(0)}%)` },
        { label: "原因", render: (x) => x.reasons.map((r) => badge(r, "warn")) },
        { label: "更正", render: (x) => correction(x, load) }], items, { id: "queue-table" })));
    } catch (ex) { failed(box, ex, load); }
  }
  await load();
}

function correction(item, reload) {
  const intent = input("intent", { value: item.turn.topIntent || "", autocomplete: "off", "aria-label": `${t("更正")} ${item.turn.text}` });
  const err = formError();
  const form = h("form", { class: "row", novalidate: true, "data-turn": `${item.turn.sessionId}#${item.turn.turnIndex}` },
    field("正确意图", intent), h("div", { class: "field" }, h("button", { type: "submit" }, t("保存"))), err);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await post("/api/annotations", { sessionId: item.turn.sessionId, turnIndex: item.turn.turnIndex, intent: intent.value });
      clearErrors(form);
      toast("已保存");
      reload();
    } catch (ex) {
      ex.errors = ex.errors.length ? ex.errors : [{ field: "intent", message: ex.message }];
      showProblem(form, ex);
    }
  });
  return form;
}
