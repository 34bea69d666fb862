package dev.zhiyu.telephony;

/**
 * A telephony operation refused for a reason the caller can act on: an unknown task or list, a state that does not
 * allow the operation, or invalid input (naming the field at fault). Anything else is a programming error.
 */
public final class TelephonyException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;
    private final String field;

    private TelephonyException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static TelephonyException notFound(String message) {
        return new TelephonyException(Kind.NOT_FOUND, null, message);
    }

    public static TelephonyException conflict(String field, String message) {
        return new TelephonyException(Kind.CONFLICT, field, message);
    }

    public static TelephonyException invalid(String field, String message) {
        return new TelephonyException(Kind.INVALID, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }
}
