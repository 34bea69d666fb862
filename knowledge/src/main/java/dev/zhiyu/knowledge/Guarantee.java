package dev.zhiyu.knowledge;

import java.time.LocalDate;

/** {@code guarantor} guarantees a debt of {@code debtor} ({@code pledge} = equity pledge rather than a guarantee). */
public record Guarantee(String guarantor, String debtor, Double amount, boolean pledge, LocalDate start, Provenance source) {
}
