package dev.zhiyu.telephony.lists;

import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.model.SharedStrings;

/**
 * POI's read-only table keeps plain strings but wraps each lookup in an XMLBeans-backed rich text; the sheet
 * handler only ever asks for the string, so hand it a plain one.
 */
record PlainSharedStrings(ReadOnlySharedStringsTable table) implements SharedStrings {
    @Override
    public RichTextString getItemAt(int idx) {
        if (table == null) {
            throw missing(idx);
        }
        try { // the table's stated count may lie, so the list itself is the bound
            return new PlainText(table.getItemAt(idx).getString());
        } catch (IndexOutOfBoundsException e) {
            throw missing(idx);
        }
    }

    private static ListFormatException missing(int idx) {
        return new ListFormatException("XLSX 的单元格引用了不存在的共享字符串（第 " + idx
                + " 项）：请用 Excel 打开并另存为 .xlsx 后重新上传");
    }

    @Override
    public int getCount() {
        return table == null ? 0 : table.getCount();
    }

    @Override
    public int getUniqueCount() {
        return table == null ? 0 : table.getUniqueCount();
    }

    /** Read-only text: the sheet handler only reads it, so the formatting methods are refused. */
    private static final class PlainText implements RichTextString {
        private final String text;

        PlainText(String text) {
            this.text = text;
        }

        @Override
        public String getString() {
            return text;
        }

        @Override
        public void applyFont(int startIndex, int endIndex, short fontIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(int startIndex, int endIndex, Font font) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(Font font) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyFont(short fontIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clearFormatting() {
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public int numFormattingRuns() {
            return 0;
        }

        @Override
        public int getIndexOfFormattingRun(int index) {
            return 0;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
