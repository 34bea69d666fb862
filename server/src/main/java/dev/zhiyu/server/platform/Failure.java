package dev.zhiyu.server.platform;

/** A request that cannot be carried out; the HTTP layer turns {@link Kind} into a status and a stable code. */
public final class Failure extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID, UNAVAILABLE }

    private final Kind kind;
    private final String field;

    private Failure(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static Failure notFound(String message) {
        return new Failure(Kind.NOT_FOUND, null, message);
    }

    public static Failure conflict(String field, String message) {
        return new Failure(Kind.CONFLICT, field, message);
    }

    public static Failure invalid(String field, String message) {
        return new Failure(Kind.INVALID, field, message);
    }

    public static Failure unavailable(String message, Throwable cause) {
        Failure f = new Failure(Kind.UNAVAILABLE, null, message);
        f.initCause(cause);
        return f;
    }

    public Kind kind() {
        return kind;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }
}
