package dev.zhiyu.models;

/** No such model version, snapshot or job in this tenant (another tenant's ids are simply unknown). */
public final class UnknownIdException extends RuntimeException {
    public UnknownIdException(String message) {
        super(message);
    }
}
