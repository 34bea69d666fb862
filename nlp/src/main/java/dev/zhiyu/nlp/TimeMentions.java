package dev.zhiyu.nlp;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces of time a speaker mentions, in the order said, before anything is decided about them: a day ("下周三",
 * "12号", "后天"), a part of the day ("下午"), a clock time as said ("三点", "7:30" — no am/pm guessed), a span from now
 * ("半小时后", "两天后") or a vague later ("晚点", "过一会儿"). {@link RuleEntityRecognizer} resolves each match on its
 * own; a caller that must combine pieces across a sentence ("下周三下午吧，三点以后") and judge them (a calling
 * window, the past) reads these instead.
 */
public final class TimeMentions {
    /** What a piece of time is. */
    public enum Kind { DAY, MONTH, PART, CLOCK, MINUTES_FROM_NOW, DAYS_FROM_NOW, LATER }

    /** A part of the day as said. */
    public enum Part {
        EARLY_MORNING("凌晨"), MORNING("早上"), FORENOON("上午"), NOON("中午"), AFTERNOON("下午"), EVENING("晚上");

        private final String chinese;

        Part(String chinese) {
            this.chinese = chinese;
        }

        public String chinese() {
            return chinese;
        }

        static Part of(String said) {
            return switch (said) {
                case "凌晨", "夜里", "半夜" -> EARLY_MORNING;
                case "早上", "早晨", "一早" -> MORNING;
                case "上午" -> FORENOON;
                case "中午" -> NOON;
                case "下午" -> AFTERNOON;
                default -> EVENING; // 傍晚, 晚上, 今晚
            };
        }
    }

    /**
     * One piece. {@code day} for DAY (null if impossible, e.g. "2月30日"); {@code part} for PART; {@code hour} (0–24 as
     * said) and {@code minute} for CLOCK, with {@code orLater} when followed by 以后/之后/后; {@code amount} for the spans.
     */
    public record Mention(Kind kind, int start, int end, LocalDate day, Part part, int hour, int minute,
                          boolean orLater, int amount) {
    }

    private static final String NUM = "(?:\\d{1,2}|" + DateTimes.CN + ")";
    private static final Pattern PIECES = Pattern.compile(
            "(?<date>" + DateTimes.DATE + ")"
            + "|(?<dom>" + NUM + ")[号日]"
            + "|(?<dspan>" + NUM + "|半)个?(?<dunit>天|星期|礼拜|周)(?:之后|以后|后)"
            + "|(?<mspan>(?<mnum>" + NUM + "|半)个?(?<mhalf>半)?(?<munit>小时|钟头|分钟|刻钟))(?:之后|以后|后)"
            + "|(?<part>凌晨|半夜|夜里|一早|早上|早晨|上午|中午|下午|傍晚|晚上|今晚)"
            + "|(?<![快慢早晚好大多少差])(?<clock>(?<h>" + NUM + ")(?:点钟?|时)(?:(?<half>半)|(?<quarter>一刻)|(?<min>" + NUM + ")分?)?"
            + "|(?<hh>\\d{1,2})[:：](?<mm>\\d{2}))(?<later>以后|之后|过后|后)?"
            + "|(?<vague>一会儿?|待会儿?|等会儿?|晚点|晚一点|晚些|回头|改天|过几天|过两天|有空)");

    private TimeMentions() {
    }

    /** The pieces of time in {@code text}, in order; days are resolved against {@code today}. */
    public static List<Mention> find(String text, LocalDate today) {
        List<Mention> out = new ArrayList<>();
        Matcher m = PIECES.matcher(text);
        while (m.find()) {
            Mention piece = piece(m, today);
            if (piece != null) {
                out.add(piece);
            }
        }
        return out;
    }

    private static Mention piece(Matcher m, LocalDate today) {
        int s = m.start();
        int e = m.end();
        if (m.group("date") != null) {
            if ("今晚".equals(m.group("rel"))) {
                return new Mention(Kind.PART, s, e, today, Part.EVENING, -1, 0, false, 0);
            }
            if (DateTimes.monthOnly(m, today) != null) {
                return new Mention(Kind.MONTH, s, e, null, null, -1, 0, false, 0);
            }
            return new Mention(Kind.DAY, s, e, DateTimes.date(m, today), null, -1, 0, false, 0);
        }
        if (m.group("dom") != null) {
            return new Mention(Kind.DAY, s, e, dayOfMonth(DateTimes.num(m.group("dom")), today), null, -1, 0, false, 0);
        }
        if (m.group("dspan") != null) {
            int n = m.group("dspan").equals("半") ? 0 : DateTimes.num(m.group("dspan"));
            int days = m.group("dunit").equals("天") ? n : 7 * n;
            return n < 0 ? null : new Mention(Kind.DAYS_FROM_NOW, s, e, today.plusDays(days), null, -1, 0, false, days);
        }
        if (m.group("mspan") != null) {
            int minutes = minutes(m);
            return minutes <= 0 ? null : new Mention(Kind.MINUTES_FROM_NOW, s, e, null, null, -1, 0, false, minutes);
        }
        if (m.group("part") != null) {
            String said = m.group("part");
            LocalDate day = said.equals("今晚") ? today : null;
            return new Mention(Kind.PART, s, e, day, Part.of(said), -1, 0, false, 0);
        }
        if (m.group("clock") != null) {
            return clock(m, s, e);
        }
        return new Mention(Kind.LATER, s, e, null, null, -1, 0, false, 0);
    }

    private static Mention clock(Matcher m, int s, int e) {
        int hour;
        int minute = 0;
        if (m.group("h") != null) {
            hour = DateTimes.num(m.group("h"));
            if (m.group("half") != null) minute = 30;
            else if (m.group("quarter") != null) minute = 15;
            else if (m.group("min") != null) minute = DateTimes.num(m.group("min"));
        } else {
            hour = Integer.parseInt(m.group("hh"));
            minute = Integer.parseInt(m.group("mm"));
        }
        if (hour < 0 || hour > 24 || minute < 0 || minute > 59) {
            return null;
        }
        return new Mention(Kind.CLOCK, s, e, null, null, hour, minute, m.group("later") != null, 0);
    }

    private static int minutes(Matcher m) {
        String n = m.group("mnum");
        double count = n.equals("半") ? 0.5 : DateTimes.num(n);
        if (count < 0) {
            return -1;
        }
        if (m.group("mhalf") != null) {
            count += 0.5;
        }
        return (int) Math.round(count * switch (m.group("munit")) {
            case "分钟" -> 1;
            case "刻钟" -> 15;
            default -> 60;
        });
    }

    /** "12号": this month's 12th, or next month's once this month's has passed; null if no such day. */
    private static LocalDate dayOfMonth(int day, LocalDate today) {
        if (day < 1 || day > 31) {
            return null;
        }
        for (int ahead = 0; ahead < 3; ahead++) {
            java.time.YearMonth ym = java.time.YearMonth.from(today).plusMonths(ahead);
            if (ym.isValidDay(day) && !ym.atDay(day).isBefore(today)) {
                return ym.atDay(day);
            }
        }
        return null;
    }
}
