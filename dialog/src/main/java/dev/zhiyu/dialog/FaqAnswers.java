package dev.zhiyu.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.zhiyu.nlp.FaqHit;
import dev.zhiyu.nlp.FaqIndex;
import dev.zhiyu.nlp.FaqPair;
import dev.zhiyu.nlp.SentenceEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Off-script answers from an FAQ ({@link FaqIndex}: BM25 and BGE vectors, fused): the shipped securities-onboarding
 * questions plus a tenant's own, which replace shipped entries of the same id. Each entry has several phrasings; a
 * question is answered when its best match scores at least {@link #THRESHOLD} and beats the best phrasing of any other
 * entry by {@link #MARGIN} (two entries about as close means the question is ambiguous), otherwise not at all — a
 * wrong answer on a call is worse than none. Both were chosen on FaqAnswersTest's phrasings and ordinary turns.
 */
public final class FaqAnswers implements KnowledgeAnswers, AutoCloseable {
    /** Fused score from which a match is said; chosen on held-out phrasings and unrelated turns (FaqAnswersTest). */
    public static final double THRESHOLD = 0.65;
    public static final double MARGIN = 0.06;
    private static final int CANDIDATES = 8;
    private static final String SHIPPED = "faq/securities-onboarding.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One FAQ entry: its phrasings and the answer said for any of them. */
    public record Entry(String id, List<String> questions, String answer) {
        public Entry {
            questions = List.copyOf(questions);
            if (id == null || id.isBlank() || questions.isEmpty() || answer == null || answer.isBlank()) {
                throw new IllegalArgumentException("FAQ 条目需要 id、至少一种问法和回答：" + id);
            }
        }
    }

    private final FaqIndex index;

    private FaqAnswers(FaqIndex index) {
        this.index = index;
    }

    /** The shipped entries with {@code own} merged over them, indexed in {@code dir}. */
    public static FaqAnswers open(Path dir, SentenceEncoder encoder, List<Entry> own) throws IOException {
        FaqAnswers faq = new FaqAnswers(FaqIndex.open(dir, encoder, THRESHOLD));
        faq.use(own);
        return faq;
    }

    /** Replaces the tenant's own entries (hot: searches in flight finish on the previous index). */
    public void use(List<Entry> own) throws IOException {
        Map<String, Entry> merged = new LinkedHashMap<>();
        shipped().forEach(e -> merged.put(e.id(), e));
        own.forEach(e -> merged.put(e.id(), e));
        List<FaqPair> pairs = new ArrayList<>();
        for (Entry e : merged.values()) {
            for (int i = 0; i < e.questions().size(); i++) {
                pairs.add(new FaqPair(e.id() + "#" + i, e.questions().get(i), e.answer()));
            }
        }
        index.rebuild(pairs);
    }

    @Override
    public Optional<String> answer(String question) {
        List<FaqHit> hits = search(question);
        if (hits.isEmpty() || hits.get(0).score() < THRESHOLD || runnerUp(hits) > hits.get(0).score() - MARGIN) {
            return Optional.empty();
        }
        return Optional.of(hits.get(0).answer());
    }

    /** The best match whatever its score, for evaluation. */
    Optional<FaqHit> best(String question) {
        return search(question).stream().findFirst();
    }

    /** The best score of an entry other than the best hit's (0 when there is none). */
    static double runnerUp(List<FaqHit> hits) {
        String best = entryId(hits.get(0));
        return hits.stream().filter(h -> !entryId(h).equals(best)).mapToDouble(FaqHit::score).findFirst().orElse(0);
    }

    List<FaqHit> search(String question) {
        try {
            return index.search(question, CANDIDATES).hits();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of an entry a hit belongs to. */
    static String entryId(FaqHit hit) {
        return hit.id().substring(0, hit.id().lastIndexOf('#'));
    }

    public static int shippedCount() {
        return shipped().size();
    }

    static List<Entry> shipped() {
        try (InputStream in = FaqAnswers.class.getResourceAsStream(SHIPPED)) {
            return parse(YAML.readTree(in), SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries from YAML or JSON: a list of {id, questions, answer}. */
    public static List<Entry> parse(JsonNode root, String source) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + "：FAQ 应为条目列表（每条含 id、questions、answer）");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : root) {
            List<String> questions = new ArrayList<>();
            n.path("questions").forEach(q -> questions.add(q.asText()));
            out.add(new Entry(n.path("id").asText(null), questions, n.path("answer").asText(null)));
        }
        return out;
    }

    @Override
    public void close() {
        index.close();
    }
}
