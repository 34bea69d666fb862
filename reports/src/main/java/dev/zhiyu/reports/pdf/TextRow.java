package dev.zhiyu.reports.pdf;

import java.util.List;

/**
 * One logical table row rebuilt from the text layer: the label (wrapped lines joined) and the value cells, or a
 * line with no values ({@code values} empty), which may be a header, caption, unit line or prose.
 */
public record TextRow(int page, String label, Box labelBox, List<Segment> values, List<Segment> texts, Box box) {
    public boolean numeric() { return !values.isEmpty(); }
}
