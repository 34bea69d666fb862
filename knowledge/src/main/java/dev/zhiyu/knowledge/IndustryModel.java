package dev.zhiyu.knowledge;

import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentScore;
import dev.zhiyu.nlp.IntentTrainer;
import dev.zhiyu.nlp.LabeledText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model tag: a company's industry inferred from the names of its products and the titles of its events with the
 * {@code nlp} maxent classifier, used only when the registry has no industry. Train it on companies whose industry is
 * known; {@link #evaluate} reports held-out accuracy next to the majority-class baseline.
 */
public final class IndustryModel {
    private final IntentModel model;

    private IndustryModel(IntentModel model) {
        this.model = model;
    }

    public record Guess(String industry, double probability) {
    }

    public record Evaluation(int train, int test, double accuracy, double majorityBaseline, String majorityLabel) {
    }

    public static IndustryModel train(List<LabeledText> examples) {
        try {
            return new IndustryModel(IntentTrainer.train(examples, IntentTrainer.Kind.MAXENT,
                    new IntentTrainer.Options(3, 200, 0.0, 0.5, 60, 256, 42)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text the model reads for a company: product names (leaf of the hierarchy) and event titles. */
    public static String text(KnowledgeGraph graph, String company) {
        Graph g = (Graph) graph;
        return g.read(() -> {
            int c = g.company(company);
            List<String> words = new ArrayList<>();
            for (String p : g.index.produces.getOrDefault(c, List.of())) {
                Product prod = g.index.products.get(p);
                words.add(prod == null ? p : prod.name());
            }
            g.index.events.getOrDefault(c, List.of()).forEach(e -> words.add(e.title() == null ? e.type() : e.title()));
            return String.join("，", words);
        });
    }

    /** Empty when the registry already has the industry or there is no text to read. */
    public Optional<Guess> infer(KnowledgeGraph graph, String company) {
        Entity e = graph.entity(company).orElseThrow(() -> new UnknownEntityException(company));
        String known = e.attribute("industry");
        String text = text(graph, company);
        if ((known != null && !known.isBlank()) || text.isBlank()) {
            return Optional.empty();
        }
        IntentScore best = model.classify(text, 1).getFirst();
        return Optional.of(new Guess(best.intent(), best.probability()));
    }

    public String predict(String text) {
        return model.classify(text, 1).getFirst().intent();
    }

    public static Evaluation evaluate(List<LabeledText> train, List<LabeledText> test) {
        IndustryModel m = train(train);
        int right = 0;
        for (LabeledText t : test) {
            right += m.predict(t.text()).equals(t.label()) ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        train.forEach(t -> counts.merge(t.label(), 1, Integer::sum));
        String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long base = test.stream().filter(t -> t.label().equals(majority)).count();
        return new Evaluation(train.size(), test.size(), (double) right / test.size(), (double) base / test.size(), majority);
    }
}
