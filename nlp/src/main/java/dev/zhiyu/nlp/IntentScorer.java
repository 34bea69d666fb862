package dev.zhiyu.nlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A trained model's raw scores: one log-score per label, before temperature scaling and softmax. */
interface IntentScorer {
    List<String> labels();

    double[] logits(String text);

    /** Writes the model's own files into {@code dir}; {@link IntentModel} writes the shared metadata. */
    void save(Path dir) throws IOException;
}
