package dev.zhiyu.knowledge;

import java.util.List;

/** What one import stored and what it rejected. A rejected row left nothing behind. */
public record ImportReport(int accepted, List<BadRow> rejected) {
    public ImportReport {
        rejected = List.copyOf(rejected);
    }
}
