package dev.zhiyu.knowledge;

import java.util.List;

/**
 * What one import stored and what it rejected. A rejected row left nothing behind; {@code notes} are accepted rows
 * the graph adjusted (e.g. registry rounding normalised).
 */
public record ImportReport(int accepted, List<BadRow> rejected, List<BadRow> notes) {
    public ImportReport {
        rejected = List.copyOf(rejected);
        notes = List.copyOf(notes);
    }
}
