package dev.zhiyu.nlp;

import java.math.BigDecimal;

/** Parses spoken Chinese and Arabic numerals: 三千五 → 3500, 一万二 → 12000, 两百 → 200, 三点五 → 3.5, 1.2万 → 12000. */
final class ChineseNumbers {
    static final String DIGITS = "零〇一二两三四五六七八九十百千万亿点";

    private ChineseNumbers() {}

    /** Returns null when {@code s} is not a number. */
    static BigDecimal parse(String s) {
        if (s == null || s.isEmpty()) return null;
        char last = s.charAt(s.length() - 1);
        if (s.length() > 1 && (last == '万' || last == '亿') && Character.isDigit(s.charAt(0))) {
            BigDecimal head = parse(s.substring(0, s.length() - 1));
            return head == null ? null : head.multiply(BigDecimal.valueOf(last == '万' ? 10_000 : 100_000_000));
        }
        if (s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            try {
                return new BigDecimal(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        int dot = s.indexOf('点');
        if (dot >= 0) {
            BigDecimal whole = dot == 0 ? BigDecimal.ZERO : parseInteger(s.substring(0, dot));
            String frac = digitsOnly(s.substring(dot + 1));
            if (whole == null || frac == null || frac.isEmpty()) return null;
            return new BigDecimal(whole.toBigInteger() + "." + frac);
        }
        return parseInteger(s);
    }

    static int digit(char c) {
        return switch (c) {
            case '零', '〇' -> 0;
            case '一', '幺' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> Character.isDigit(c) ? c - '0' : -1;
        };
    }

    private static String digitsOnly(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            int d = digit(c);
            if (d < 0) return null;
            sb.append(d);
        }
        return sb.toString();
    }

    private static BigDecimal parseInteger(String s) {
        if (s.chars().noneMatch(c -> "十百千万亿".indexOf(c) >= 0)) {
            String d = digitsOnly(s);
            return d == null || d.isEmpty() ? null : new BigDecimal(d);
        }
        long total = 0, section = 0, number = 0, lastUnit = 1;
        boolean afterUnit = false;
        for (char c : s.toCharArray()) {
            int d = digit(c);
            if (d >= 0) {
                number = d;
                if (d == 0) afterUnit = false;
                continue;
            }
            switch (c) {
                case '十', '百', '千' -> {
                    long u = c == '十' ? 10 : c == '百' ? 100 : 1000;
                    if (number == 0 && c == '十') number = 1;
                    section += number * u;
                    number = 0;
                    lastUnit = u;
                    afterUnit = true;
                }
                case '万' -> {
                    total += (section + number) * 10_000;
                    section = number = 0;
                    lastUnit = 10_000;
                    afterUnit = true;
                }
                case '亿' -> {
                    total = (total + section + number) * 100_000_000;
                    section = number = 0;
                    lastUnit = 100_000_000;
                    afterUnit = true;
                }
                default -> { return null; }
            }
        }
        // 三千五 = 3500: a bare digit right after a unit counts in the next lower unit.
        long tail = afterUnit && number > 0 && lastUnit >= 100 ? number * lastUnit / 10 : number;
        return BigDecimal.valueOf(total + section + tail);
    }
}
