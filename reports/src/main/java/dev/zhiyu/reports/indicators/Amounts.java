package dev.zhiyu.reports.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How news renders a number: amounts in 万亿元/亿元/万元/元 with two decimals, percentages and points as printed. */
public final class Amounts {
    static final BigDecimal WANYI = BigDecimal.valueOf(1_000_000_000_000L), YI = BigDecimal.valueOf(100_000_000),
            WAN = BigDecimal.valueOf(10_000);

    private Amounts() {
    }

    public static String yuan(BigDecimal v) {
        BigDecimal a = v.abs();
        if (a.compareTo(WANYI) >= 0) return v.divide(WANYI, 2, RoundingMode.HALF_UP).toPlainString() + "万亿元";
        if (a.compareTo(YI) >= 0) return v.divide(YI, 2, RoundingMode.HALF_UP).toPlainString() + "亿元";
        if (a.compareTo(WAN) >= 0) return v.divide(WAN, 2, RoundingMode.HALF_UP).toPlainString() + "万元";
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString() + "元";
    }

    public static String plain(BigDecimal v) {
        return v.abs().stripTrailingZeros().toPlainString();
    }

    public static BigDecimal scaleOf(String unit) {
        return switch (unit) {
            case "万亿元" -> WANYI;
            case "亿元" -> YI;
            case "万元" -> WAN;
            default -> BigDecimal.ONE;
        };
    }
}
