package dev.zhiyu.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the non-table lines into sections and paragraphs. A sentence continues across line breaks, blank lines and
 * page breaks until it ends with 。！？ or a heading starts; page headers/footers are skipped.
 */
final class Prose {
    static final Pattern[] HEADINGS = {
            Pattern.compile("^第[一二三四五六七八九十]+节\\s*\\S.{0,40}$"),
            Pattern.compile("^[一二三四五六七八九十]+、\\s*\\S.{0,50}$"),
            Pattern.compile("^\\([一二三四五六七八九十]+\\)\\s*\\S.{0,50}$"),
            Pattern.compile("^\\d{1,2}[、.]\\s*[\\p{IsHan}].{0,40}$")};
    private static final Pattern END = Pattern.compile("[。！？!?]$");

    record Result(List<Section> sections, List<Paragraph> paragraphs) {
    }

    private Prose() {
    }

    static int level(String line) {
        if (END.matcher(line).find() || line.endsWith("；")) return 0;
        for (int i = 0; i < HEADINGS.length; i++) if (HEADINGS[i].matcher(line).matches()) return i + 1;
        return 0;
    }

    static Result build(List<PageText> pages) {
        List<Section> sections = new ArrayList<>();
        List<Paragraph> paragraphs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int curPage = 0;
        String section = "";
        for (PageText p : pages) {
            if (p == null) continue;
            for (TextRow r : p.rows()) {
                if (r.numeric() || r.texts().size() != 1 || furniture(r, p)) {
                    if (r.numeric()) curPage = flush(paragraphs, cur, curPage, section);
                    continue;
                }
                String t = r.texts().get(0).text().trim();
                if (t.isEmpty()) continue;
                int level = level(t);
                if (level > 0) {
                    curPage = flush(paragraphs, cur, curPage, section);
                    sections.add(new Section(level, t, p.page()));
                    section = t;
                    continue;
                }
                if (cur.isEmpty()) curPage = p.page();
                cur.append(t);
                if (END.matcher(t).find()) curPage = flush(paragraphs, cur, curPage, section);
            }
        }
        flush(paragraphs, cur, curPage, section);
        return new Result(sections, paragraphs);
    }

    private static boolean furniture(TextRow r, PageText p) {
        return r.box().bottom() < p.height() * 0.07f || r.box().y() > p.height() * 0.93f;
    }

    private static int flush(List<Paragraph> out, StringBuilder cur, int page, String section) {
        if (!cur.isEmpty()) out.add(new Paragraph(page, section, cur.toString()));
        cur.setLength(0);
        return 0;
    }
}
