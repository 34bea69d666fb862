package dev.zhiyu.nlp;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A tenant's FAQ: Lucene BM25 over the question text (smartcn analysis) plus HNSW vectors from the sentence encoder,
 * fused as {@code 0.75·cosine + 0.25·bm25/(bm25+2)}; questions and queries are normalised to simplified, half-width text first. Rebuilds write a new generation directory, commit it, point the
 * {@code CURRENT} file at it with an atomic rename and swap the searcher atomically; in-flight searches keep the old
 * reader (reference-counted) until they finish, so no reader ever sees half an index.
 */
public final class FaqIndex implements AutoCloseable {
    /** Separates paraphrases (fused ≥ 0.53) from unrelated questions (≤ 0.42) on FaqIndexTest's examples; tune per tenant. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    private static final double COSINE_WEIGHT = 0.75, BM25_HALF = 2.0;

    private final Path dir;
    private final SentenceEncoder encoder;
    private final double threshold;
    private final Analyzer analyzer = new SmartChineseAnalyzer();
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final Object rebuildLock = new Object();

    private record Generation(long number, DirectoryReader reader, IndexSearcher searcher, FSDirectory directory) {}

    private FaqIndex(Path dir, SentenceEncoder encoder, double threshold) {
        this.dir = dir;
        this.encoder = encoder;
        this.threshold = threshold;
    }

    /** Opens (or creates empty) the index in {@code dir}; the last committed generation becomes searchable. */
    public static FaqIndex open(Path dir, SentenceEncoder encoder) throws IOException { return open(dir, encoder, DEFAULT_THRESHOLD); }

    public static FaqIndex open(Path dir, SentenceEncoder encoder, double threshold) throws IOException {
        Files.createDirectories(dir);
        FaqIndex index = new FaqIndex(dir, encoder, threshold);
        Path pointer = dir.resolve("CURRENT");
        if (Files.exists(pointer)) index.current.set(index.openGeneration(Long.parseLong(Files.readString(pointer).strip())));
        else index.rebuild(List.of());
        return index;
    }

    public int size() {
        Generation g = acquire();
        try {
            return g.reader().numDocs();
        } finally {
            decRef(g);
        }
    }

    public long generation() { return current.get().number(); }

    /** Replaces the whole FAQ atomically; concurrent searches see either the old or the new set, never a mix. */
    public void rebuild(List<FaqPair> pairs) throws IOException {
        Set<String> ids = new HashSet<>();
        for (FaqPair p : pairs) if (!ids.add(p.id())) throw new IllegalArgumentException("FAQ 条目 id 重复：" + p.id());
        List<float[]> vectors = encoder.encodeBulk(pairs.stream().map(FaqPair::question).toList());
        synchronized (rebuildLock) {
            Generation old = current.get();
            long number = old == null ? 1 : old.number() + 1;
            Path genDir = dir.resolve(String.format("gen-%06d", number));
            deleteRecursively(genDir);
            try (FSDirectory d = FSDirectory.open(genDir);
                 IndexWriter w = new IndexWriter(d, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
                for (int i = 0; i < pairs.size(); i++) w.addDocument(document(pairs.get(i), vectors.get(i)));
                w.commit();
            }
            Path tmp = dir.resolve("CURRENT.tmp");
            Files.writeString(tmp, Long.toString(number), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.REPLACE_EXISTING);
            }
            current.set(openGeneration(number));
            if (old != null) old.reader().decRef();
            deleteOlderThan(number - 1);
        }
    }

    private Document document(FaqPair p, float[] v) {
        Document doc = new Document();
        doc.add(new StringField("id", p.id(), Field.Store.YES));
        doc.add(new TextField("question", Normalization.Step.CHAR_TABLE.apply(p.question()), Field.Store.NO));
        doc.add(new StoredField("questionText", p.question()));
        doc.add(new StoredField("answer", p.answer()));
        doc.add(new KnnFloatVectorField("vec", v, VectorSimilarityFunction.DOT_PRODUCT));
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        doc.add(new StoredField("vecBytes", new BytesRef(b.array())));
        return doc;
    }

    private Generation openGeneration(long number) throws IOException {
        FSDirectory d = FSDirectory.open(dir.resolve(String.format("gen-%06d", number)));
        DirectoryReader reader = DirectoryReader.open(d);
        return new Generation(number, reader, new IndexSearcher(reader), d);
    }

    /** The {@code n} best pairs; {@link FaqResult#answered()} is false below the threshold or for an empty index. */
    public FaqResult search(String query, int n) throws IOException {
        if (query == null) throw new IllegalArgumentException("查询不能为 null");
        if (IntentFeatures.clean(query).isEmpty() || n <= 0) return new FaqResult(List.of(), false, threshold);
        String q = query.length() > 1_000 ? query.substring(0, 1_000) : query;
        float[] qv = encoder.encode(q);
        Generation g = acquire();
        try {
            return search(g, q, qv, n);
        } finally {
            decRef(g);
        }
    }

    private Generation acquire() {
        while (true) {
            Generation g = current.get();
            if (g == null) throw new IllegalStateException("FAQ 索引已关闭");
            if (g.reader().tryIncRef()) return g;
        }
    }

    private static void decRef(Generation g) {
        try {
            g.reader().decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FaqResult search(Generation g, String q, float[] qv, int n) throws IOException {
        if (g.reader().numDocs() == 0) return new FaqResult(List.of(), false, threshold);
        int k = Math.max(20, 4 * n);
        Map<Integer, Double> bm25 = new HashMap<>();
        BooleanQuery text = textQuery(q);
        if (text != null) for (ScoreDoc sd : g.searcher().search(text, k).scoreDocs) bm25.put(sd.doc, (double) sd.score);
        Set<Integer> candidates = new LinkedHashSet<>(bm25.keySet());
        for (ScoreDoc sd : g.searcher().search(new KnnFloatVectorQuery("vec", qv, k), k).scoreDocs) candidates.add(sd.doc);
        List<FaqHit> hits = new ArrayList<>();
        var stored = g.searcher().storedFields();
        for (int doc : candidates) {
            Document d = stored.document(doc);
            double cos = dot(qv, d.getBinaryValue("vecBytes"));
            double b = bm25.getOrDefault(doc, 0.0);
            double score = COSINE_WEIGHT * Math.max(0, cos) + (1 - COSINE_WEIGHT) * b / (b + BM25_HALF);
            hits.add(new FaqHit(d.get("id"), d.get("questionText"), d.get("answer"), score, cos, b));
        }
        hits.sort(Comparator.comparingDouble(FaqHit::score).reversed());
        List<FaqHit> top = List.copyOf(hits.subList(0, Math.min(n, hits.size())));
        return new FaqResult(top, !top.isEmpty() && top.get(0).score() >= threshold, threshold);
    }

    /** Built from analysed terms rather than QueryParser so that user text can never be a syntax error. */
    private BooleanQuery textQuery(String q) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int terms = 0;
        try (TokenStream ts = analyzer.tokenStream("question", new StringReader(Normalization.Step.CHAR_TABLE.apply(q)))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms < 512) {
                b.add(new TermQuery(new Term("question", term.toString())), BooleanClause.Occur.SHOULD);
                terms++;
            }
            ts.end();
        }
        return terms == 0 ? null : b.build();
    }

    private static double dot(float[] q, BytesRef bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        double s = 0;
        for (float x : q) s += x * b.getFloat();
        return s;
    }

    private void deleteOlderThan(long keepFrom) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("gen-")).toList()) {
                long n = Long.parseLong(p.getFileName().toString().substring(4));
                if (n < keepFrom) deleteRecursively(p);
            }
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    @Override
    public void close() {
        Generation g = current.getAndSet(null);
        try {
            if (g != null) {
                g.reader().decRef();
                g.directory().close();
            }
            analyzer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
