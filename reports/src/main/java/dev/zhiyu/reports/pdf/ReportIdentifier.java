package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.ReportInfo.ReportType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the company and report from the first pages (cover, 重要提示, 公司简介), wherever on them the code,
 * short name and period are printed. A company listed with A and B shares is identified by its A-share code and
 * name; a B-share-only company by its B-share code. Years may be printed in Chinese numerals (二〇二三年).
 */
public final class ReportIdentifier {
    /** Cover, 重要提示, 目录 and 释义 can fill eight pages before 公司简介 gives the code and short name. */
    private static final int PAGES = 12;
    private static final String SEP = "[:：]?\\s*";
    private static final Pattern A_CODE = Pattern.compile("A\\s*股\\s*(?:股票|证券)?代码" + SEP + "(\\d{6})");
    private static final Pattern CODE = Pattern.compile("(?:公司|证券|股票|A\\s*股|B\\s*股)\\s*代码" + SEP + "(\\d{6})");
    /** A short name ends where the next field starts (股票代码 on the same table row) or at a break. */
    private static final String NAME_CHARS = "([\\p{IsHan}A-Z*]{2,8}?)(?=(?:股票|证券|公司)?代码|[AB]\\s*股\\s*(?:股票|证券)?(?:简称|代码)|[\\s|，,；;]|$)";
    private static final Pattern A_NAME = Pattern.compile("A\\s*股\\s*(?:股票|证券)?简称" + SEP + NAME_CHARS);
    private static final Pattern NAME = Pattern.compile("(?:公司|证券|股票|A\\s*股|B\\s*股)\\s*简称" + SEP + NAME_CHARS);
    /** 2019年年度报告 and 2019年度报告 alike. */
    private static final Pattern PERIOD = Pattern.compile("(\\d{4})年?(半年度|中期|第一季度|一季度|第三季度|三季度|年度)报告");
    private static final Pattern CHINESE_YEAR = Pattern.compile("[〇○零一二三四五六七八九]{4}(?=年)");
    private static final String CHINESE_DIGITS = "〇一二三四五六七八九";

    private ReportIdentifier() {
    }

    public static ReportInfo identify(List<PageText> pages) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(PAGES, pages.size()); i++) {
            if (pages.get(i) == null) continue;
            for (Line l : pages.get(i).lines()) b.append(l.text()).append('\n');
        }
        String text = Fullwidth.fold(b.toString());
        String code = first(A_CODE, text, first(CODE, text, null));
        String name = first(A_NAME, text, first(NAME, text, null));
        Matcher m = PERIOD.matcher(arabicYears(text.replaceAll("[ \\t]", "")));
        ReportType type = ReportType.UNKNOWN;
        String period = null;
        if (m.find()) {
            type = switch (m.group(2)) {
                case "半年度", "中期" -> ReportType.SEMI_ANNUAL;
                case "第一季度", "一季度" -> ReportType.Q1;
                case "第三季度", "三季度" -> ReportType.Q3;
                default -> ReportType.ANNUAL;
            };
            period = m.group(1) + switch (type) {
                case SEMI_ANNUAL -> "H1";
                case Q1 -> "Q1";
                case Q3 -> "Q3";
                default -> "";
            };
        }
        return new ReportInfo(code, name, type, period);
    }

    /** 二〇二三年 → 2023年. */
    static String arabicYears(String text) {
        Matcher m = CHINESE_YEAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder y = new StringBuilder();
            for (char c : m.group().toCharArray()) y.append(c == '零' || c == '○' ? 0 : CHINESE_DIGITS.indexOf(c));
            m.appendReplacement(out, y.toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String first(Pattern p, String text, String fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : fallback;
    }
}
