package dev.zhiyu.models;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.EntityRecognizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Two slot recognisers side by side on one evaluation set: per slot type F1 and sentences that flipped. */
public record NerComparison(String a, String b, int examples, double macroF1A, double macroF1B,
                            List<TypeDelta> types, List<Flip> flipped) {
    static final int MAX_FLIPS = 200;

    /** Span F1 of each version for one slot type; {@code delta} = b − a. */
    public record TypeDelta(String type, int support, double f1A, double f1B, double delta) {
    }

    /** A sentence one version gets exactly right (all spans) and the other does not; spans as {@code 值/类型}. */
    public record Flip(String text, List<String> gold, List<String> predictedA, List<String> predictedB,
                       boolean fixedByB) {
    }

    static NerComparison of(String idA, EntityRecognizer a, String idB, EntityRecognizer b, List<AnnotatedSentence> set) {
        NerEvaluation ea = NerEvaluation.of(a, set);
        NerEvaluation eb = NerEvaluation.of(b, set);
        List<TypeDelta> types = new ArrayList<>();
        for (String t : new TreeSet<>(ea.support().keySet())) {
            double fa = ea.perType().get(t)[2];
            double fb = eb.perType().containsKey(t) ? eb.perType().get(t)[2] : 0;
            types.add(new TypeDelta(t, ea.support().get(t), fa, fb, fb - fa));
        }
        List<Flip> flips = new ArrayList<>();
        for (AnnotatedSentence s : set) {
            Set<AnnotatedSentence.Span> gold = new HashSet<>(s.spans());
            Set<AnnotatedSentence.Span> pa = NerEvaluation.predict(a, s.text());
            Set<AnnotatedSentence.Span> pb = NerEvaluation.predict(b, s.text());
            if (pa.equals(gold) != pb.equals(gold) && flips.size() < MAX_FLIPS) {
                flips.add(new Flip(s.text(), show(s.text(), gold), show(s.text(), pa), show(s.text(), pb), pb.equals(gold)));
            }
        }
        return new NerComparison(idA, idB, set.size(), ea.macroF1(), eb.macroF1(), types, flips);
    }

    private static List<String> show(String text, Set<AnnotatedSentence.Span> spans) {
        return spans.stream().sorted(Comparator.comparingInt(AnnotatedSentence.Span::start))
                .map(s -> text.substring(s.start(), s.end()) + "/" + s.type()).toList();
    }
}
