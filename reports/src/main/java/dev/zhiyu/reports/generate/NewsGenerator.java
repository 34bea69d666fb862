package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.reports.news.NewsWriter;

/** A flash-news writer the report pipeline can use: the templates, or a learned model guarded by the checker. */
public interface NewsGenerator extends DraftWriter {
    static NewsGenerator templates() {
        return NewsWriter::write;
    }

    /** The learned generator; every draft it cannot prove correct is replaced by the template's. */
    static LearnedGenerator learned(GeneratorModel model) {
        return learned(model, GeneratorModel.Decoding.DEFAULT);
    }

    /** The learned generator decoding as {@code decoding} says (each candidate text is checked, the first that passes is used). */
    static LearnedGenerator learned(GeneratorModel model, GeneratorModel.Decoding decoding) {
        return LearnedGenerator.ofCandidates(in -> model.candidates(in, decoding));
    }
}
