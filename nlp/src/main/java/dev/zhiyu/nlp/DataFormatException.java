package dev.zhiyu.nlp;

/** A malformed data file; the message names the file and the 1-based line. */
public final class DataFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public DataFormatException(String source, int line, String problem) {
        super(source + " 第 " + line + " 行：" + problem);
        this.source = source;
        this.line = line;
    }

    public String source() { return source; }

    public int line() { return line; }
}
