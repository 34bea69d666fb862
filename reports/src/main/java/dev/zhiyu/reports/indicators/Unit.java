package dev.zhiyu.reports.indicators;

/** Canonical units: amounts are always yuan whatever the table printed (元, 千元, 万元, 百万元, 亿元). */
public enum Unit {
    YUAN("元"), YUAN_PER_SHARE("元/股"), PERCENT("%"), PERCENTAGE_POINT("个百分点"), NONE("");

    private final String label;

    Unit(String label) {
        this.label = label;
    }

    public String label() { return label; }
}
