package dev.zhiyu.nlp;

import java.util.List;

/** Splits text into words with part-of-speech tags. Implementations are thread-safe. */
public interface Segmenter {
    List<Token> segment(String text);

    /** HanLP portable segmentation with person/place/organisation recognition and the given tenant dictionary. */
    static Segmenter hanlp(TenantDictionary dictionary) { return new HanlpSegmenter(dictionary); }
}
