package dev.zhiyu.dialog;

/** A scenario that cannot be used; the message names the source, line and what is wrong. */
public final class ScenarioException extends RuntimeException {
    private final String source;
    private final int line;

    public ScenarioException(String source, int line, String problem) {
        super(source + (line > 0 ? " 第 " + line + " 行" : "") + "：" + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based line of the offending entry, or 0 when unknown. */
    public int line() {
        return line;
    }
}
