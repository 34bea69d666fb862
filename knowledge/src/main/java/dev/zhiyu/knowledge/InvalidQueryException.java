package dev.zhiyu.knowledge;

/** A query the graph cannot answer as asked: the entity is not a company, or a bound is out of range. */
public final class InvalidQueryException extends RuntimeException {
    private final String field;

    public InvalidQueryException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
