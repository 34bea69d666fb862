package dev.zhiyu.models;

import java.util.regex.Pattern;

/** Model purposes the lifecycle knows how to train. */
public final class Purposes {
    public static final String INTENT = "intent:";
    private static final Pattern VALID = Pattern.compile("intent:[A-Za-z0-9_-]{1,64}");

    private Purposes() {
    }

    public static String intent(String scenario) {
        return check(INTENT + scenario);
    }

    /** The purpose itself, or a Chinese error naming what is accepted. */
    public static String check(String purpose) {
        if (purpose == null || !VALID.matcher(purpose).matches()) {
            throw new IllegalArgumentException("模型用途「" + purpose + "」无效，应为 intent:<场景id>");
        }
        return purpose;
    }
}
