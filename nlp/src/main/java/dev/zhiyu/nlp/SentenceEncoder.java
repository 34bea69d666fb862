package dev.zhiyu.nlp;

import java.util.List;

/** Maps sentences to L2-normalised vectors (cosine similarity = dot product). Thread-safe. */
public interface SentenceEncoder extends AutoCloseable {
    int dimension();

    float[] encode(String text);

    /** Encodes many sentences in batches; the result is in input order. */
    List<float[]> encodeAll(List<String> texts);

    /** Faster for large sets (indexing); vectors may differ slightly from {@link #encode}. Default: {@link #encodeAll}. */
    default List<float[]> encodeBulk(List<String> texts) { return encodeAll(texts); }

    @Override void close();

    /** The shipped BGE-small-zh v1.5 (quantised ONNX) from the model jar, via DJL + ONNX Runtime, offline. */
    static SentenceEncoder bgeSmallZh() { return BgeEncoder.shared(); }
}
