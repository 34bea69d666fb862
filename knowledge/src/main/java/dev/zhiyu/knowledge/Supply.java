package dev.zhiyu.knowledge;

/** {@code supplier} sells {@code product} (may be null) to {@code customer}. */
public record Supply(String supplier, String customer, String product, Provenance source) {
}
