package dev.zhiyu.dialog;

import java.util.ArrayList;
import java.util.List;

/**
 * "明天" and "上午十点" recognised apart (as recognisers do when ASR garbles the words between them) are one
 * appointment: a date-only value and a time-of-day value on the reference date become that date at that time.
 */
final class DateTimeMerge {
    private DateTimeMerge() {
    }

    static List<String> merge(List<String> values) {
        String dateOnly = values.stream().filter(v -> v.length() == 10).findFirst().orElse(null);
        String withTime = values.stream().filter(v -> v.length() > 10).findFirst().orElse(null);
        if (dateOnly == null || withTime == null || withTime.startsWith(dateOnly)) {
            return values;
        }
        List<String> out = new ArrayList<>();
        out.add(dateOnly + withTime.substring(10));
        values.stream().filter(v -> !v.equals(dateOnly) && !v.equals(withTime)).forEach(out::add);
        return out;
    }
}
