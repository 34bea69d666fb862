package dev.zhiyu.models;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.DataFormatException;
import dev.zhiyu.nlp.EntityRecognizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Slot entity recognisers of a scenario ({@code ner:<scenario>}): the nlp CRF slot recogniser trained on the shipped
 * slot-annotated sentences (bank / branch / product; no scenario ships its own) plus the snapshot's slot corrections,
 * each repeated {@code correctionWeight} times. With {@code base=none} only the corrections are used, and at least
 * {@link #MIN_CORRECTIONS} are needed. The fixed evaluation set is the shipped held-out sentences plus the snapshot's
 * held-out corrections.
 *
 * <p>A snapshot example stores a correction as an inline-annotated sentence ({@code 我买的[日日鑫|product]}) in its
 * text; its label is {@code ner}, or {@code ner:skip=<n>} when n slot values of the correction were not found in the
 * turn's text (or named no valid slot type) and were left out.
 */
final class NerTraining {
    static final Set<String> KEYS = Set.of("kind", "base", "correctionWeight");
    static final int MIN_CORRECTIONS = 3;
    static final String LABEL = "ner";
    private static final String SKIP = "ner:skip=";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Hyper-parameters with their defaults filled in; unknown keys or bad values are refused. */
    record Settings(boolean shippedBase, int correctionWeight) {
        static Settings of(Map<String, String> hp) {
            for (String k : hp.keySet()) {
                if (!KEYS.contains(k)) {
                    throw ModelRequestException.invalid("未知的超参数「" + k + "」，实体识别模型可用：" + KEYS);
                }
            }
            if (!hp.getOrDefault("kind", "crf").strip().equals("crf")) {
                throw ModelRequestException.invalid("实体识别模型只有 kind=crf：" + hp.get("kind"));
            }
            String base = hp.getOrDefault("base", "shipped").strip();
            if (!base.equals("shipped") && !base.equals("none")) {
                throw ModelRequestException.invalid("超参数 base 应为 shipped（内置标注句加纠正）或 none（只用纠正）：" + base);
            }
            int weight;
            try {
                weight = Integer.parseInt(hp.getOrDefault("correctionWeight", "3").strip());
            } catch (NumberFormatException e) {
                throw ModelRequestException.invalid("超参数 correctionWeight 应为整数：" + hp.get("correctionWeight"));
            }
            if (weight < 1 || weight > 20) {
                throw ModelRequestException.invalid("超参数 correctionWeight 应在 1–20 之间：" + weight);
            }
            return new Settings(base.equals("shipped"), weight);
        }

        Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", "crf");
            m.put("base", shippedBase ? "shipped" : "none");
            m.put("correctionWeight", Integer.toString(correctionWeight));
            return m;
        }
    }

    private NerTraining() {
    }

    // ---- snapshot examples ----------------------------------------------------------------------------------

    /** A correction's slot values located in its text (first occurrence; overlapping or absent values skipped). */
    static Example example(String text, Map<String, String> slots, boolean heldOut) {
        String clean = escape(text);
        List<AnnotatedSentence.Span> spans = new ArrayList<>();
        int skipped = 0;
        for (var e : new java.util.TreeMap<>(slots).entrySet()) {
            String value = escape(e.getValue() == null ? "" : e.getValue().strip());
            int at = value.isEmpty() || !TYPE.matcher(e.getKey()).matches() ? -1 : clean.indexOf(value);
            AnnotatedSentence.Span s = new AnnotatedSentence.Span(at, at + value.length(), e.getKey());
            if (at < 0 || spans.stream().anyMatch(o -> o.start() < s.end() && s.start() < o.end())) {
                skipped++;
            } else {
                spans.add(s);
            }
        }
        spans.sort(Comparator.comparingInt(AnnotatedSentence.Span::start));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (var s : spans) {
            sb.append(clean, i, s.start()).append('[').append(clean, s.start(), s.end()).append('|').append(s.type()).append(']');
            i = s.end();
        }
        sb.append(clean.substring(i));
        return new Example(skipped == 0 ? LABEL : SKIP + skipped, sb.toString(), heldOut);
    }

    /** The corpus format's brackets in a caller's words become full-width ones (same length, so spans stay put). */
    private static String escape(String s) {
        return s.replace('[', '【').replace(']', '】');
    }

    /** Slot values of the snapshot that could not be placed in their turn's text. */
    static int skipped(List<Example> snapshot) {
        return snapshot.stream().filter(e -> e.intent().startsWith(SKIP))
                .mapToInt(e -> Integer.parseInt(e.intent().substring(SKIP.length()))).sum();
    }

    /** The snapshot's sentences that carry at least one slot span. */
    static List<AnnotatedSentence> sentences(List<Example> snapshot, boolean heldOut) {
        List<AnnotatedSentence> out = new ArrayList<>();
        for (Example e : snapshot) {
            if (e.heldOut() == heldOut && e.intent().startsWith(LABEL) && e.text().indexOf('[') >= 0) {
                try {
                    out.addAll(AnnotatedSentence.read(new StringReader(e.text()), "snapshot"));
                } catch (IOException | DataFormatException ex) {
                    // an example another version wrote differently: not usable, not fatal
                }
            }
        }
        return out;
    }

    // ---- training and evaluation ----------------------------------------------------------------------------

    static List<AnnotatedSentence> trainingData(List<Example> snapshot, Settings s) {
        List<AnnotatedSentence> corrections = sentences(snapshot, false);
        if (!s.shippedBase() && corrections.size() < MIN_CORRECTIONS) {
            throw ModelRequestException.invalid("只用纠正训练（base=none）至少需要 " + MIN_CORRECTIONS
                    + " 条带槽位值、且值出现在话语中的训练纠正，目前只有 " + corrections.size() + " 条：请继续标注，或用 base=shipped");
        }
        List<AnnotatedSentence> data = new ArrayList<>(s.shippedBase() ? shipped("ner/slots-train.txt") : List.of());
        for (AnnotatedSentence c : corrections) {
            for (int i = 0; i < s.correctionWeight(); i++) {
                data.add(c);
            }
        }
        return data;
    }

    /** Shipped held-out sentences plus the snapshot's held-out corrections. */
    static List<AnnotatedSentence> evaluationSet(List<Example> snapshot) {
        List<AnnotatedSentence> set = new ArrayList<>(shipped("ner/slots-heldout.txt"));
        set.addAll(sentences(snapshot, true));
        return set;
    }

    static List<AnnotatedSentence> shipped(String resource) {
        try (InputStream in = AnnotatedSentence.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("内置槽位标注数据缺失：" + resource);
            }
            return AnnotatedSentence.read(new InputStreamReader(in, StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a dialog session is handed: the CRF segments the text itself, so the caller's tokens are not needed. */
    static EntityRecognizer served(CrfSlotRecognizer crf) {
        return (text, tokens) -> crf.recognize(text);
    }

    static EntityRecognizer load(Path dir) throws IOException {
        return served(CrfSlotRecognizer.load(dir));
    }
}
