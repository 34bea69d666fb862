package dev.zhiyu.reports.pdf;

/**
 * A heading of the report's section tree, in document order. {@code level} comes from the numbering (1 = 第X节,
 * 2 = 一、, 3 = (一), 4 = 1、/1.; an un-numbered table-of-contents entry is 1); {@code page} is the PDF page the
 * heading is on; {@code parent} is the index in {@link dev.zhiyu.reports.ParsedReport#sections()} of the enclosing
 * heading (-1 at the top); {@code tocPage} is the page number the table of contents (目录) printed for it, 0 when it is not listed.
 */
public record Section(int level, String title, int page, int parent, int tocPage) {
    public Section(int level, String title, int page) {
        this(level, title, page, -1, 0);
    }

    /** Listed in the table of contents. */
    public boolean inToc() { return tocPage > 0; }
}
