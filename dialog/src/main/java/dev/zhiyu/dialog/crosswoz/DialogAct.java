package dev.zhiyu.dialog.crosswoz;

/** One CrossWOZ dialog act: {@code [intent, domain, slot, value]}, e.g. Inform 餐馆 推荐菜 驴杂汤. */
public record DialogAct(String intent, String domain, String slot, String value) {
}
