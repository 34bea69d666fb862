package dev.zhiyu.dialog;

import dev.zhiyu.nlp.TimeMentions;
import dev.zhiyu.nlp.TimeMentions.Kind;
import dev.zhiyu.nlp.TimeMentions.Mention;
import dev.zhiyu.nlp.TimeMentions.Part;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads when a customer wants to be called back the way a secretary would write it down. Pieces said apart belong
 * together ("下周三下午吧，三点以后" → that Wednesday 15:00); a bare hour is read inside the calling window ("七点" →
 * 19:00, "等我下班六点以后" → 18:00); a negated day is dropped ("不是明天，是后天下午"); a time already past moves to the
 * next day and one outside the window to its edge, each with a note the confirmation says first ("今天下午3点已经过了，");
 * what is too vague to call at ("下午吧", "晚点") asks for the missing part instead of guessing.
 */
final class CallbackTimes {
    /** A time to call back at, and why it differs from what was said (empty when it does not). */
    record At(LocalDateTime time, String note) implements Reading {
    }

    /** Not enough to call at: what is known so far ("后天下午", or empty), to ask for the rest. */
    record Ask(String known) implements Reading {
    }

    /** Nothing about time was said. */
    record Nothing() implements Reading {
    }

    sealed interface Reading permits At, Ask, Nothing {
    }

    /** Calls start no earlier than {@code first} and no later than {@code last}, every day. */
    record Window(LocalTime first, LocalTime last) {
        static final Window DEFAULT = new Window(LocalTime.of(9, 0), LocalTime.of(20, 0));

        Window {
            if (!first.isBefore(last)) {
                throw new IllegalArgumentException("回访时段的开始应早于结束：" + first + "-" + last);
            }
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(first) && !t.isAfter(last);
        }
    }

    /** "不是明天", "别下午打", "不要晚上": the day or part negated up to the next clause, "是", "改" or "换". */
    private static final Pattern NEGATED = Pattern.compile("(不是|不要|别在?|不用)[^，,。；;！!？?是改换]*");
    private static final int ROUND_MINUTES = 5;

    private CallbackTimes() {
    }

    /**
     * @param context what the customer said about the time earlier in this exchange, or null: a turn that says
     *                something about time adds to it ("后天下午" then "三点"; "改成四点吧" keeps the day put to them)
     */
    static Reading read(String text, LocalDateTime now, Window window, String context) {
        LocalDate today = now.toLocalDate();
        if (mentions(text, today).isEmpty()) {
            return new Nothing();
        }
        List<Mention> said = mentions(context == null ? text : context + "，" + text, today);
        Mention span = last(said, Kind.MINUTES_FROM_NOW);
        Mention clock = last(said, Kind.CLOCK);
        if (span != null && (clock == null || clock.start() < span.start())) {
            return fromNow(now.plusMinutes(span.amount()), now, window);
        }
        LocalDate day = dayOf(said);
        Mention partSaid = last(said, Kind.PART);
        Part part = partSaid == null ? null : partSaid.part();
        if (clock == null || day == null && hasImpossibleDay(said)) {
            return new Ask(known(day, part, today));
        }
        return onDay(day, hours(clock.hour(), part), clock.minute(), now, window);
    }

    private static Reading onDay(LocalDate daySaid, List<Integer> hours, int minute, LocalDateTime now, Window window) {
        LocalDate base = daySaid != null ? daySaid : now.toLocalDate();
        LocalDateTime said = base.atTime(hours.stream().filter(h -> window.contains(LocalTime.of(h % 24, minute)))
                .findFirst().orElse(hours.get(0)) % 24, minute);
        String note = "";
        LocalDateTime at = said;
        if (!window.contains(said.toLocalTime())) {
            boolean early = said.toLocalTime().isBefore(window.first());
            at = base.atTime(early ? window.first() : window.last());
            note = spoken(said) + (early ? "太早了，" : "太晚了，");
        }
        if (!at.isAfter(now)) {
            note = note.isEmpty() ? (base.equals(now.toLocalDate()) ? "今天" : TtsText.dateTime(base.toString()))
                    + spoken(said) + "已经过了，" : note;
            at = at.plusDays(Math.max(1, ChronoUnit.DAYS.between(at.toLocalDate(), now.toLocalDate()) + 1));
        }
        return new At(at, note);
    }

    /** "半小时后": now plus the span, rounded up to five minutes, moved into the window when it falls outside. */
    private static Reading fromNow(LocalDateTime target, LocalDateTime now, Window window) {
        LocalDateTime at = target.truncatedTo(ChronoUnit.MINUTES);
        at = at.plusMinutes((ROUND_MINUTES - at.getMinute() % ROUND_MINUTES) % ROUND_MINUTES);
        if (window.contains(at.toLocalTime())) {
            return new At(at, "");
        }
        if (at.toLocalTime().isBefore(window.first())) {
            return new At(at.toLocalDate().atTime(window.first()), "那时还太早，");
        }
        return new At(at.toLocalDate().plusDays(1).atTime(window.first()),
                at.toLocalDate().equals(now.toLocalDate()) ? "今天那时已经太晚了，" : "那时已经太晚了，");
    }

    /** Hours of the day a clock time may mean: with a part of the day one, without it morning and afternoon. */
    private static List<Integer> hours(int hour, Part part) {
        if (part == null) {
            return hour >= 1 && hour <= 11 ? List.of(hour, hour + 12) : List.of(hour % 24);
        }
        return List.of(switch (part) {
            case AFTERNOON, EVENING -> hour < 12 ? hour + 12 : hour;
            case NOON -> hour <= 2 ? hour + 12 : hour;
            case EARLY_MORNING -> hour % 12;
            default -> hour % 24;
        });
    }

    private static List<Mention> mentions(String text, LocalDate today) {
        return TimeMentions.find(NEGATED.matcher(text).replaceAll(""), today);
    }

    /** The last day said ("两天后" and "今晚" count). */
    private static LocalDate dayOf(List<Mention> said) {
        LocalDate day = null;
        for (Mention m : said) {
            if ((m.kind() == Kind.DAY || m.kind() == Kind.DAYS_FROM_NOW || m.kind() == Kind.PART) && m.day() != null) {
                day = m.day();
            }
        }
        return day;
    }

    private static boolean hasImpossibleDay(List<Mention> said) {
        return said.stream().anyMatch(m -> m.kind() == Kind.DAY && m.day() == null);
    }

    private static Mention last(List<Mention> said, Kind kind) {
        Mention found = null;
        for (Mention m : said) {
            if (m.kind() == kind) {
                found = m;
            }
        }
        return found;
    }

    /** "后天下午", "12月9日", "下午" or "" for a follow-up question. */
    static String known(LocalDate day, Part part, LocalDate today) {
        String d = "";
        if (day != null) {
            long ahead = ChronoUnit.DAYS.between(today, day);
            d = ahead == 0 ? "今天" : ahead == 1 ? "明天" : ahead == 2 ? "后天" : TtsText.dateTime(day.toString());
        }
        return d + (part == null ? "" : part.chinese());
    }

    /** "下午3点", "晚上10点半": how the time said is repeated back. */
    private static String spoken(LocalDateTime t) {
        String full = TtsText.dateTime(t.toString().substring(0, 16));
        return full.substring(full.indexOf('日') + 1);
    }

    /** A time to call at, or a day or part of the day ("上午"), as opposed to nothing or only "晚点". */
    static boolean isConcrete(Reading r) {
        return r instanceof At || r instanceof Ask ask && !ask.known().isEmpty();
    }

    static List<String> iso(Reading r) {
        List<String> out = new ArrayList<>();
        if (r instanceof At at) {
            out.add(at.time().toString().substring(0, 16));
        }
        return out;
    }
}
