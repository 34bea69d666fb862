package dev.zhiyu.reports.pdf;

import java.util.List;
import java.util.stream.Collectors;

/** A visual line of text on one page, split into segments at column-sized gaps. */
public record Line(int page, List<Segment> segments, Box box, float fontSize) {
    String text() {
        return segments.stream().map(Segment::text).collect(Collectors.joining(" "));
    }

    String compact() {
        return segments.stream().map(Segment::text).collect(Collectors.joining()).replaceAll("\\s+", "");
    }
}
