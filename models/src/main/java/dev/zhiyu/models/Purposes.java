package dev.zhiyu.models;

import java.util.regex.Pattern;

/** Model purposes the lifecycle knows how to train: a scenario's intent classifier or its slot entity recogniser. */
public final class Purposes {
    public static final String INTENT = "intent:";
    public static final String NER = "ner:";
    private static final Pattern VALID = Pattern.compile("(intent|ner):[A-Za-z0-9_-]{1,64}");

    private Purposes() {
    }

    public static String intent(String scenario) {
        return check(INTENT + scenario);
    }

    public static String ner(String scenario) {
        return check(NER + scenario);
    }

    /** Whether the purpose is well formed and of the given prefix ({@link #INTENT} or {@link #NER}). */
    static boolean is(String prefix, String purpose) {
        return purpose != null && purpose.startsWith(prefix) && VALID.matcher(purpose).matches();
    }

    public static boolean isNer(String purpose) {
        return purpose != null && purpose.startsWith(NER);
    }

    /** The scenario of a checked purpose. */
    public static String scenario(String purpose) {
        return check(purpose).substring(purpose.indexOf(':') + 1);
    }

    /** The purpose itself, or a Chinese error naming what is accepted. */
    public static String check(String purpose) {
        if (purpose == null || !VALID.matcher(purpose).matches()) {
            throw ModelRequestException.invalid("模型用途「" + purpose + "」无效，应为 intent:<场景id> 或 ner:<场景id>");
        }
        return purpose;
    }
}
