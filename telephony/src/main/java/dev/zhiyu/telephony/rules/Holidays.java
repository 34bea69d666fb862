package dev.zhiyu.telephony.rules;

import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.TelephonyException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's holiday calendar: dates (in each task's time zone) on which no task of the tenant dials. Tasks
 * may list extra holidays of their own; this calendar applies to all of them, including tasks already running.
 */
public final class Holidays {
    /** Most dates one request may add. */
    public static final int MAX_DATES = 1000;

    /** What an add did. */
    public record Added(int added, int existing, List<String> dates) {
    }

    private Holidays() {
    }

    /** Validates every date first (field {@code dates[i]}), then adds them: a bad date adds nothing. */
    public static Added add(ContactRules store, List<String> dates, String name) {
        if (dates == null || dates.isEmpty()) {
            throw TelephonyException.invalid("dates", "请提供至少一个日期，例如 2026-10-01");
        }
        if (dates.size() > MAX_DATES) {
            throw TelephonyException.invalid("dates", "一次最多添加 " + MAX_DATES + " 个日期");
        }
        if (name != null && name.length() > 200) {
            throw TelephonyException.invalid("name", "不能超过 200 个字符");
        }
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            days.add(date("dates[" + i + "]", dates.get(i)));
        }
        int added = 0;
        for (LocalDate d : days) {
            if (store.addHoliday(d, name == null || name.isBlank() ? "节假日" : name.strip())) {
                added++;
            }
        }
        return new Added(added, days.size() - added, days.stream().distinct().sorted().map(LocalDate::toString).toList());
    }

    public static List<ContactRules.Holiday> list(ContactRules store) {
        return store.holidays();
    }

    public static String remove(ContactRules store, String date) {
        LocalDate d = date("date", date);
        if (!store.removeHoliday(d)) {
            throw TelephonyException.notFound("节假日日历中没有 " + d);
        }
        return d.toString();
    }

    static LocalDate date(String field, String raw) {
        try {
            return LocalDate.parse(raw == null ? "" : raw.strip());
        } catch (RuntimeException e) {
            throw TelephonyException.invalid(field, "日期应形如 2026-10-01：" + raw);
        }
    }
}
