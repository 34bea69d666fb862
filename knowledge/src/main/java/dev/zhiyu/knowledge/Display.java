package dev.zhiyu.knowledge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Attribute values as analysts read them: registered capital (imported in 元) with its unit, 万元/亿元 as registries write it. */
final class Display {
    private static final BigDecimal WAN = BigDecimal.valueOf(10_000);
    private static final BigDecimal YI = BigDecimal.valueOf(100_000_000);

    private Display() {
    }

    static Map<String, String> of(Entity e) {
        Map<String, String> shown = new LinkedHashMap<>();
        String capital = e.attribute("registeredCapital");
        if (capital != null) {
            shown.put("registeredCapital", capital(capital));
        }
        return shown;
    }

    static String capital(String yuan) {
        BigDecimal v;
        try {
            v = new BigDecimal(yuan.trim());
        } catch (NumberFormatException ex) {
            return yuan;
        }
        if (v.abs().compareTo(YI) >= 0) {
            return plain(v.divide(YI, 4, RoundingMode.HALF_UP)) + "亿元";
        }
        if (v.abs().compareTo(WAN) >= 0) {
            return plain(v.divide(WAN, 4, RoundingMode.HALF_UP)) + "万元";
        }
        return plain(v) + "元";
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
