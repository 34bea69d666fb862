package dev.zhiyu.reports.delivery;

import java.time.Instant;
import java.util.List;

/** Renders published news as an Atom 1.0 feed (RFC 4287); each entry links to the document and its source cells. */
public final class AtomFeed {
    private AtomFeed() {
    }

    public static String render(String feedId, String title, List<Published> items) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        Instant updated = items.stream().map(Published::publishedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        b.append(" <id>").append(esc(feedId)).append("</id>\n <title>").append(esc(title)).append("</title>\n <updated>")
                .append(updated).append("</updated>\n");
        for (Published p : items) {
            b.append(" <entry>\n  <id>").append(esc(feedId)).append(":doc:").append(p.documentId()).append("</id>\n")
                    .append("  <title>").append(esc(p.headline())).append("</title>\n")
                    .append("  <updated>").append(p.publishedAt()).append("</updated>\n")
                    .append("  <author><name>").append(esc(p.company() == null ? "智语快讯" : p.company())).append("</name></author>\n")
                    .append("  <link rel=\"alternate\" href=\"").append(esc(p.documentUrl())).append("\"/>\n")
                    .append("  <link rel=\"related\" title=\"来源单元格\" href=\"").append(esc(p.sourcesUrl())).append("\"/>\n")
                    .append("  <content type=\"text\">").append(esc(p.body())).append("</content>\n </entry>\n");
        }
        return b.append("</feed>\n").toString();
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
