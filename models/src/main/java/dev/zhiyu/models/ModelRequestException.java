package dev.zhiyu.models;

/**
 * A model request refused for a reason the caller can act on: invalid input (a purpose, hyper-parameter, id or
 * decoding the lifecycle does not know) or a state that does not allow it (nothing to roll back to, a version worse
 * than the live one, a finished job). Anything else thrown by the lifecycle is a programming error.
 */
public final class ModelRequestException extends RuntimeException {

    public enum Kind { INVALID, CONFLICT }

    private final Kind kind;

    private ModelRequestException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static ModelRequestException invalid(String message) {
        return new ModelRequestException(Kind.INVALID, message);
    }

    public static ModelRequestException conflict(String message) {
        return new ModelRequestException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
