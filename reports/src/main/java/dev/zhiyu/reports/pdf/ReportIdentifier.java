package dev.zhiyu.reports.pdf;

import dev.zhiyu.reports.ReportInfo.ReportType;
import dev.zhiyu.reports.ReportInfo;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Identifies the company and report from the first pages (cover, 重要提示, 公司简介). */
public final class ReportIdentifier {
    private static final Pattern CODE = Pattern.compile("(?:公司|证券|股票|A股)代码[:：]?\\s*(\\d{6})");
    private static final Pattern NAME = Pattern.compile("(?:公司|证券|股票|A股)简称[:：]?\\s*([\\p{IsHan}A-Z*]{2,8})");
    private static final Pattern PERIOD = Pattern.compile("(\\d{4})\\s*年\\s*(半年度|第一季度|第三季度|年度)报告");

    private ReportIdentifier() {
    }

    public static ReportInfo identify(List<PageText> pages) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(6, pages.size()); i++) {
            if (pages.get(i) == null) continue;
            for (Line l : pages.get(i).lines()) b.append(l.text()).append('\n');
        }
        String text = b.toString();
        String code = first(CODE, text);
        String name = first(NAME, text);
        Matcher m = PERIOD.matcher(text.replace(" ", ""));
        ReportType type = ReportType.UNKNOWN;
        String period = null;
        if (m.find()) {
            type = switch (m.group(2)) {
                case "半年度" -> ReportType.SEMI_ANNUAL;
                case "第一季度" -> ReportType.Q1;
                case "第三季度" -> ReportType.Q3;
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

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
