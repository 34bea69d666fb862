package dev.zhiyu.nlp;

/** One word of a segmented text; {@code start}/{@code end} are char offsets into the original text. */
public record Token(String word, String pos, int start, int end) {
    @Override public String toString() { return word + "/" + pos; }
}
