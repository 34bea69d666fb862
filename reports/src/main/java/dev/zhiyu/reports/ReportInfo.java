package dev.zhiyu.reports;

/** What the cover page says: stock code and short name, report type and period (e.g. 2019, 2025H1, 2023Q1). */
public record ReportInfo(String code, String company, ReportType type, String period) {
    public enum ReportType {
        ANNUAL("年度报告"), SEMI_ANNUAL("半年度报告"), Q1("第一季度报告"), Q3("第三季度报告"), UNKNOWN("报告");

        private final String chinese;

        ReportType(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() { return chinese; }
    }
}
