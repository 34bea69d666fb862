package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.Objects;

/** Where a fact came from and as of when: every fact keeps one. */
public record Provenance(String source, LocalDate date) {
    public Provenance {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("来源不能为空");
        }
    }

    public static Provenance of(String source) {
        return new Provenance(source, null);
    }
}
