package dev.zhiyu.nlp;

import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.List;

/** HanLP Viterbi segmentation over normalised text, in bounded chunks so that long documents stay linear. */
final class HanlpSegmenter implements Segmenter {
    private static final int CHUNK = 512;
    private final TenantDictionary dictionary;

    HanlpSegmenter(TenantDictionary dictionary) { this.dictionary = dictionary; }

    @Override
    public List<Token> segment(String text) {
        if (text == null) throw new IllegalArgumentException("文本不能为 null");
        String normalized = Normalization.Step.CHAR_TABLE.apply(text);
        var segment = dictionary.snapshot().segment();
        List<Token> tokens = new ArrayList<>();
        int from = 0;
        while (from < normalized.length()) {
            int to = chunkEnd(normalized, from);
            for (Term t : segment.seg(normalized.substring(from, to))) {
                int start = from + t.offset;
                int end = start + t.word.length();
                if (t.word.isBlank()) continue;
                tokens.add(new Token(text.substring(start, end), t.nature == null ? "x" : t.nature.toString(), start, end));
            }
            from = to;
        }
        return tokens;
    }

    /** Cut after sentence punctuation near the chunk limit, never inside a surrogate pair. */
    private static int chunkEnd(String s, int from) {
        int limit = Math.min(s.length(), from + CHUNK);
        if (limit == s.length()) return limit;
        for (int i = limit - 1; i > from + CHUNK / 2; i--) {
            if ("。！？!?;；\n,，".indexOf(s.charAt(i)) >= 0) return i + 1;
        }
        return Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
