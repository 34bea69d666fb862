package dev.zhiyu.telephony.tasks;

import java.util.UUID;
import java.util.regex.Pattern;

/** Ids of tasks, lists and calls: what a request may name, and new ones. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    /** Letters, digits, {@code _} and {@code -}, at most 64: anything else names nothing. */
    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A new id: {@code prefix} and 12 hex digits. */
    public static String next(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
