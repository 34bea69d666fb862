package dev.zhiyu.dialog;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Values written for a Chinese TTS engine: hotlines and codes digit by digit, date-times in words. */
final class TtsText {
    private static final String DIGITS = "零一二三四五六七八九";

    private TtsText() {
    }

    static String speakable(String name, String value) {
        if (value.matches("\\d{5,}")) {
            return digitByDigit(value);
        }
        if (name.endsWith("_time")) {
            return dateTime(value);
        }
        return value;
    }

    /** Phone numbers, hotlines and stock codes: each digit, with 1 read as 幺 as call centres do. */
    static String digitByDigit(String digits) {
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(c == '1' ? '幺' : DIGITS.charAt(c - '0'));
        }
        return sb.toString();
    }

    /** {@code 2026-11-23T15:00} → 11月23日下午3点. Unparseable values are said as they are. */
    static String dateTime(String iso) {
        try {
            LocalDateTime t = LocalDateTime.parse(iso.length() == 10 ? iso + "T00:00" : iso);
            int h = t.getHour();
            String part = h < 6 ? "凌晨" : h < 12 ? "上午" : h < 13 ? "中午" : h < 18 ? "下午" : "晚上";
            int h12 = h > 12 ? h - 12 : h;
            String minutes = t.getMinute() == 0 ? "点" : t.getMinute() == 30 ? "点半" : "点" + t.getMinute() + "分";
            return t.getMonthValue() + "月" + t.getDayOfMonth() + "日" + (iso.length() == 10 ? "" : part + h12 + minutes);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
