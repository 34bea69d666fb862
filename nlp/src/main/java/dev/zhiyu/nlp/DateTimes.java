package dev.zhiyu.nlp;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Absolute and relative Chinese dates and times; values are ISO (2026-11-23, 2026-11-23T15:00, 2026-12). */
final class DateTimes {
    static final String CN = "[零〇一二两三四五六七八九十]{1,3}";
    static final String PERIOD = "凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里";
    static final String DATE =
            "(?<abs>(?<y>\\d{4})[年\\-/.](?<m>\\d{1,2})[月\\-/.](?<d>\\d{1,2})[日号]?)"
            + "|(?<md>(?<m2>\\d{1,2}|" + CN + ")月(?:(?<d2>\\d{1,2}|" + CN + ")[日号])?)"
            + "|(?<rel>大后天|后天|明天|明儿|今天|今儿|今晚|昨天|前天)"
            + "|(?<wk>(?<wkp>这|本|下下|下|上)?个?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7]))"
            + "|(?<mp>(?<mpp>下个?|这个?|本)?(?<mpe>月底|月初|月中|月末)|(?<nm>下个?月)|(?<ye>年底|年初))";
    private static final String TIME =
            "(?<per>" + PERIOD + ")?(?:(?<h>\\d{1,2}|" + CN + ")(?:点钟?|时)(?:(?<half>半)|(?<quarter>一刻)|(?<min>\\d{1,2}|" + CN + ")分?)?"
            + "|(?<hh>\\d{1,2}):(?<mm>\\d{2}))";
    static final Pattern PATTERN = Pattern.compile(
            "(?:" + DATE + ")(?:(?:" + TIME + ")|(?<per2>" + PERIOD + "))?|(?:" + TIME.replace("?<", "?<t") + ")");

    private DateTimes() {}

    static String resolve(Matcher m, LocalDateTime now) {
        LocalDate today = now.toLocalDate();
        boolean hasDate = hasDate(m);
        LocalDate date = hasDate ? date(m, today) : today;
        if (date == null) return null;
        LocalTime time = time(m, hasDate ? "" : "t");
        if (!hasDate && time == null) return null;
        String monthOnly = monthOnly(m, today);
        if (monthOnly != null) return monthOnly;
        if (time == null) return date.toString();
        return LocalDateTime.of(date, time).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16);
    }

    static boolean hasDate(Matcher m) {
        return m.group("abs") != null || m.group("md") != null || m.group("rel") != null
                || m.group("wk") != null || m.group("mp") != null;
    }

    /** The month a month-only match names ("12月", "下个月"), as 2026-12; null for any other match. */
    static String monthOnly(Matcher m, LocalDate today) {
        if (m.group("md") != null && m.group("d2") == null) {
            return YearMonth.of(today.getYear(), Math.max(1, Math.min(12, num(m.group("m2"))))).toString();
        }
        return m.group("nm") != null ? YearMonth.from(today).plusMonths(1).toString() : null;
    }

    /** The day a date match names; {@code today} for a month-only match; null for an impossible date. */
    static LocalDate date(Matcher m, LocalDate today) {
        if (m.group("abs") != null) {
            return safeDate(Integer.parseInt(m.group("y")), Integer.parseInt(m.group("m")), Integer.parseInt(m.group("d")));
        }
        if (m.group("md") != null) {
            return m.group("d2") == null ? today : safeDate(today.getYear(), num(m.group("m2")), num(m.group("d2")));
        }
        if (m.group("rel") != null) {
            return today.plusDays(switch (m.group("rel")) {
                case "大后天" -> 3;
                case "后天" -> 2;
                case "明天", "明儿" -> 1;
                case "昨天" -> -1;
                case "前天" -> -2;
                default -> 0;
            });
        }
        if (m.group("wk") != null) {
            return weekday(today, m.group("wkp"), m.group("wd"));
        }
        YearMonth ym = YearMonth.from(today);
        if (m.group("ye") != null) {
            return m.group("ye").equals("年底") ? LocalDate.of(today.getYear(), 12, 31) : LocalDate.of(today.getYear(), 1, 1);
        }
        if (m.group("nm") != null) {
            return today;
        }
        if (m.group("mpp") != null && m.group("mpp").startsWith("下")) ym = ym.plusMonths(1);
        return switch (m.group("mpe")) {
            case "月初" -> ym.atDay(1);
            case "月中" -> ym.atDay(15);
            default -> ym.atEndOfMonth();
        };
    }

    private static LocalTime time(Matcher m, String p) {
        String hour = m.group(p + "h");
        int h, min = 0;
        if (hour != null) {
            h = num(hour);
            if (m.group(p + "half") != null) min = 30;
            else if (m.group(p + "quarter") != null) min = 15;
            else if (m.group(p + "min") != null) min = num(m.group(p + "min"));
        } else if (m.group(p + "hh") != null) {
            h = Integer.parseInt(m.group(p + "hh"));
            min = Integer.parseInt(m.group(p + "mm"));
        } else {
            return null;
        }
        String period = m.group(p + "per");
        if (period == null && p.isEmpty() && "今晚".equals(m.group("rel"))) period = "晚上";
        if (period != null && h < 12 && switch (period) {
            case "下午", "傍晚", "晚上", "夜里" -> true;
            case "中午" -> h <= 2;
            default -> false;
        }) h += 12;
        if (h > 23 || min > 59) return null;
        return LocalTime.of(h, min);
    }

    private static LocalDate weekday(LocalDate today, String prefix, String day) {
        int idx = "一二三四五六日天".indexOf(day.charAt(0));
        int dow = idx >= 0 ? Math.min(idx, 6) + 1 : day.charAt(0) - '0';
        DayOfWeek target = DayOfWeek.of(dow);
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (prefix == null) return today.with(TemporalAdjusters.nextOrSame(target));
        return switch (prefix) {
            case "下" -> monday.plusWeeks(1).plusDays(dow - 1);
            case "下下" -> monday.plusWeeks(2).plusDays(dow - 1);
            case "上" -> monday.minusWeeks(1).plusDays(dow - 1);
            default -> monday.plusDays(dow - 1);
        };
    }

    static int num(String s) {
        BigDecimal v = ChineseNumbers.parse(s);
        return v == null ? -1 : v.intValue();
    }

    private static LocalDate safeDate(int y, int m, int d) {
        try {
            return LocalDate.of(y, m, d);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
