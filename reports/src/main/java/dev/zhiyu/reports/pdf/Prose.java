package dev.zhiyu.reports.pdf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the non-table lines into sections and paragraphs. A sentence continues across line breaks, blank lines and
 * page breaks until it ends with 。！？ or a heading starts; page headers/footers are skipped.
 */
public final class Prose {
    static final Pattern[] HEADINGS = {
            Pattern.compile("^第[一二三四五六七八九十]+节\\s*\\S.{0,40}$"),
            Pattern.compile("^[一二三四五六七八九十]+、\\s*\\S.{0,50}$"),
            Pattern.compile("^\\([一二三四五六七八九十]+\\)\\s*\\S.{0,50}$"),
            Pattern.compile("^\\d{1,2}[、.]\\s*[\\p{IsHan}].{0,40}$")};
    private static final Pattern END = Pattern.compile("[。！？!?]$");

    public record Result(List<Section> sections, List<Paragraph> paragraphs) {
    }

    private Prose() {
    }

    public static int level(String line) {
        if (END.matcher(line).find() || line.endsWith("；")) return 0;
        for (int i = 0; i < HEADINGS.length; i++) if (HEADINGS[i].matcher(line).matches()) return i + 1;
        return 0;
    }

    /** A line of the table of contents: a title, a dot leader and the printed page number. */
    private static final Pattern TOC_ENTRY = Pattern.compile("^(.*?[^.…·\\s])\\s*[.…·]{4,}\\s*(\\d{1,4})$");
    private static final Pattern NUMBER_ONLY = Pattern.compile("^(第[一二三四五六七八九十]+节|[一二三四五六七八九十]+、|\\([一二三四五六七八九十]+\\)|\\d{1,2}[、.])$");

    public record TocEntry(String title, int page) {
    }

    /**
     * The table of contents: a page among the first ten whose own line reads 目录 and that has at least three
     * dot-leader entries. Its entries in order; the pages it covers are returned so their lines are not prose.
     */
    static List<TocEntry> toc(List<PageText> pages, java.util.Set<Integer> tocPages) {
        List<TocEntry> out = new ArrayList<>();
        int last = -1;
        for (PageText p : pages) {
            if (p == null || p.page() > 10) continue;
            List<TocEntry> here = new ArrayList<>();
            boolean titled = false;
            for (TextRow r : p.rows()) {
                String t = line(r) + r.values().stream().map(v -> " " + v.text()).reduce("", String::concat);
                if (t.replaceAll("\\s", "").equals("目录")) titled = true;
                var m = TOC_ENTRY.matcher(t);
                if (m.matches()) here.add(new TocEntry(m.group(1).trim(), Integer.parseInt(m.group(2))));
            }
            if (here.size() >= 3 && (titled || last == p.page() - 1)) {
                out.addAll(here);
                tocPages.add(p.page());
                last = p.page();
            } else if (last > 0) break;
        }
        return out;
    }

    /** The row's text segments joined by a space (a heading number set apart from its title: 第一节 释义). */
    private static String line(TextRow r) {
        List<String> t = r.texts().stream().map(x -> x.text().trim()).filter(x -> !x.isEmpty()).toList();
        if (t.isEmpty()) return "";
        return String.join(" ", t);
    }

    static String key(String title) {
        return Fullwidth.fold(title).replaceAll("[\\s.…·、,，:：()（）]", "");
    }

    public static Result build(List<PageText> pages) {
        java.util.Set<Integer> tocPages = new java.util.HashSet<>();
        List<TocEntry> toc = toc(pages, tocPages);
        List<Section> sections = new ArrayList<>();
        List<Paragraph> paragraphs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int curPage = 0;
        String section = "";
        for (PageText p : pages) {
            if (p == null || tocPages.contains(p.page())) continue;
            for (TextRow r : p.rows()) {
                if (!r.numeric() && r.texts().size() == 2 && !furniture(r, p)
                        && NUMBER_ONLY.matcher(Fullwidth.fold(r.texts().get(0).text().trim())).matches()) {
                    String t = line(r);
                    int level = level(t);
                    if (level > 0) {
                        curPage = flush(paragraphs, cur, curPage, section);
                        sections.add(new Section(level, t, p.page()));
                        section = t;
                        continue;
                    }
                }
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
        return new Result(tree(withToc(sections, toc, pages.size())), paragraphs);
    }

    /**
     * Marks the headings the table of contents lists with its page numbers; an entry with no heading found in the
     * body is added at its printed page shifted by the median offset between printed and PDF pages of the found ones.
     */
    public static List<Section> withToc(List<Section> body, List<TocEntry> toc, int pageCount) {
        if (toc.isEmpty()) return body;
        List<Section> out = new ArrayList<>(body);
        List<Integer> offsets = new ArrayList<>();
        List<TocEntry> missing = new ArrayList<>();
        int from = 0;
        for (TocEntry e : toc) {
            String k = key(e.title());
            int found = -1;
            for (int i = from; i < out.size() && found < 0; i++) if (key(out.get(i).title()).equals(k)) found = i;
            if (found < 0) {
                missing.add(e);
                continue;
            }
            Section s = out.get(found);
            out.set(found, new Section(s.level(), s.title(), s.page(), -1, e.page()));
            if (e.page() > 0) offsets.add(s.page() - e.page());
            from = found + 1;
        }
        offsets.sort(null);
        int offset = offsets.isEmpty() ? 0 : offsets.get(offsets.size() / 2);
        for (TocEntry e : missing) {
            if (e.page() <= 0) continue;
            int page = Math.max(1, Math.min(pageCount, e.page() + offset));
            int level = Math.max(1, level(e.title()));
            int at = 0;
            while (at < out.size() && out.get(at).page() <= page) at++;
            out.add(at, new Section(level, e.title(), page, -1, e.page()));
        }
        return out;
    }

    /** Parent links: each heading hangs under the nearest earlier heading of a smaller level. */
    public static List<Section> tree(List<Section> flat) {
        List<Section> out = new ArrayList<>(flat.size());
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (Section s : flat) {
            while (!stack.isEmpty() && out.get(stack.peek()).level() >= s.level()) stack.pop();
            out.add(new Section(s.level(), s.title(), s.page(), stack.isEmpty() ? -1 : stack.peek(), s.tocPage()));
            stack.push(out.size() - 1);
        }
        return out;
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
