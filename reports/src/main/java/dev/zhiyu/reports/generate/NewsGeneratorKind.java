package dev.zhiyu.reports.generate;

import dev.zhiyu.models.Candidate;
import dev.zhiyu.models.ModelKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's news generators as versions of purpose {@value #PURPOSE} in its model registry: trained by
 * {@link GeneratorTrainer} (the CLI's {@code reports gen-train}), registered as a {@link Candidate}, promoted without a
 * rule of their own (the checker falls back to the templates whenever a generated text is wrong).
 */
public final class NewsGeneratorKind implements ModelKind<GeneratorModel> {
    public static final String PURPOSE = "news-generator";
    public static final NewsGeneratorKind INSTANCE = new NewsGeneratorKind();

    private NewsGeneratorKind() {
    }

    @Override
    public boolean owns(String purpose) {
        return PURPOSE.equals(purpose);
    }

    @Override
    public String noun() {
        return "快讯生成模型";
    }

    @Override
    public GeneratorModel load(Path dir) throws IOException {
        return GeneratorModel.load(dir);
    }

    /** A trained model as a candidate: its numeric metrics, its settings and its generator version. */
    public static Candidate candidate(GeneratorModel model, Map<String, String> settings) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        model.metrics().forEach((k, v) -> {
            if (v instanceof Number n) metrics.put(k, n.doubleValue());
        });
        Map<String, String> hyper = new LinkedHashMap<>(settings);
        hyper.put("generatorVersion", model.version());
        return new Candidate(PURPOSE, model.version(), hyper, metrics, model::save);
    }
}
