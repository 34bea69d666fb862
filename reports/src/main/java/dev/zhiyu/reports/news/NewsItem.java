package dev.zhiyu.reports.news;

import dev.zhiyu.reports.tables.CellRef;
import java.util.List;

/**
 * A flash news item. {@code sources} are the cells and sentences its numbers and quotes come from;
 * {@code problems} is what the number checker found (publication is blocked unless it is empty).
 */
public record NewsItem(String headline, String body, Status status, List<CellRef> sources, List<String> quotes,
                       List<String> problems) {
    public enum Status { PUBLISHED, HELD_FOR_REVIEW, BLOCKED }

    public String text() { return headline + "\n" + body; }
}
