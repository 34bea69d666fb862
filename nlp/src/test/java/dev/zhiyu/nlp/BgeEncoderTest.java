package dev.zhiyu.nlp;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class BgeEncoderTest {
    static SentenceEncoder encoder;
    static Map<String, Integer> vocab;
    static HuggingFaceTokenizer hf;

    @BeforeAll
    static void load() throws Exception {
        encoder = SentenceEncoder.bgeSmallZh();
        Path dir = BgeEncoder.extractModel();
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("tokenizer.json"))).getAsJsonObject();
        vocab = new HashMap<>();
        json.getAsJsonObject("model").getAsJsonObject("vocab").entrySet().forEach(e -> vocab.put(e.getKey(), e.getValue().getAsInt()));
        hf = ((BgeEncoder) encoder).huggingFaceTokenizer();
    }

    /**
     * ONNX Runtime loaded its libraries from the folder in the model cache (which a test may have pointed elsewhere
     * and deleted since), so its per-process temp folder stayed empty and goes at exit.
     */
    @Test
    void onnxRuntimeLeavesNoLibrariesInTheTempDirectory() throws Exception {
        Path shared = Path.of(System.getProperty(OnnxNatives.PROPERTY));
        assertTrue(shared.getFileName().toString().startsWith("onnxruntime-"), shared.toString());
        var field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
        field.setAccessible(true);
        Path temp = (Path) field.get(null);
        try (var files = Files.list(temp)) {
            assertEquals(List.of(), files.toList(), "ONNX Runtime copied libraries into " + temp);
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void vectorsAreNormalisedAndMeaningful() {
        float[] a = encoder.encode("我现在在开车，不方便接电话");
        float[] b = encoder.encode("开车呢没法接，晚点再说");
        float[] c = encoder.encode("贵州茅台的股价是多少");
        assertEquals(512, a.length);
        assertEquals(1.0, dot(a, a), 1e-4);
        assertTrue(dot(a, b) > dot(a, c) + 0.1, "paraphrase " + dot(a, b) + " vs unrelated " + dot(a, c));
    }

    @Test
    void encodeAllEqualsSingleAndKeepsOrder() {
        List<String> texts = List.of("你好", "请问你们是哪家公司", "嗯", "我已经开好户了谢谢", "9527");
        List<float[]> all = encoder.encodeAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            // a trailing space tokenises identically but misses the cache, so this is a fresh inference
            float[] fresh = encoder.encode(texts.get(i) + " ");
            assertEquals(1.0, dot(all.get(i), fresh), 1e-5, texts.get(i));
        }
        assertTrue(dot(all.get(0), all.get(1)) < 0.99);
    }

    /** Bulk mode batches 32 sentences per inference: ~1.75x faster here, same order, vectors within ~0.01 cosine. */
    @Test
    void bulkKeepsOrderAndStaysCloseToSingleEncoding() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) texts.add("批量编码第" + i + "句" + "，内容长短不一".repeat(i % 4));
        List<float[]> bulk = encoder.encodeBulk(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = encoder.encode(texts.get(i));
            assertEquals(1.0, dot(bulk.get(i), bulk.get(i)), 1e-4);
            assertTrue(dot(bulk.get(i), single) > 0.98, i + ": " + dot(bulk.get(i), single));
        }
        assertTrue(dot(bulk.get(0), encoder.encode(texts.get(5))) < 0.98, "and not all the same vector");
    }

    @Test
    void threadSafe() throws Exception {
        float[] expected = encoder.encode("线程安全测试句子");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int k = i;
                fs.add(pool.submit(() -> encoder.encodeAll(List.of("线程安全测试句子", "并发第" + k + "句")).get(0)));
            }
            for (Future<float[]> f : fs) assertArrayEquals(expected, f.get(), 1e-5f);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Virtual threads (one per call session) hand inference to the encoder's platform threads and get the same vectors. */
    @Test
    void virtualThreadsEncodeOnTheEncodersOwnThreads() throws Exception {
        float[] expected;
        try (BgeEncoder own = new BgeEncoder(1)) {
            expected = own.encode("虚拟线程里编码的句子");
        }
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(vt.submit(() -> encoder.encodeAll(List.of("虚拟线程里编码的句子")).get(0)));
            }
            for (Future<float[]> f : fs) assertArrayEquals(expected, f.get(), 1e-5f);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("zhiyu-encoder-")),
                "inference ran on the encoder's threads");
    }

    @Test
    void runsOfflineOnTheOnnxRuntimeFromTheMavenJar() throws Exception {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        // DJL's Engine.getVersion() is the ORT version DJL was built against; ask the loaded native library itself
        // (the encoder is already loaded, so DJL created the OrtEnvironment first)
        assertEquals("OnnxRuntime", ai.djl.engine.Engine.getEngine("OnnxRuntime").getEngineName());
        assertEquals("1.29.0", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        String jar = ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(jar.contains("com/microsoft/onnxruntime/onnxruntime/1.29.0"), jar);
    }

    @Test
    void badInputIsHandled() {
        assertEquals(512, encoder.encode("").length);
        assertEquals(512, encoder.encode("😀😀\u0000\u0007").length);
        assertEquals(512, encoder.encode("很长的句子".repeat(20_000)).length, "truncated to 512 tokens");
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeAll(java.util.Arrays.asList("a", null)));
    }

    @Test
    void tokenIdsMatchAReferenceWordPieceOverTheModelsOwnVocab() {
        List<String> samples = List.of("你好，我是华泰证券的客服", "我买了100股600519，花了1.2万元",
                "Hello世界! iPhone15 打call", "２０２４年Ｑ３财报", "嗯嗯那个…我再想想吧～", "卍𠀀生僻字", "e-mail: a.b@c.com 3.14%");
        for (String s : samples) {
            long[] actual = hf.encode(s).getIds();
            long[] expected = reference(s);
            assertArrayEquals(expected, actual, () -> s + "\n expected " + Arrays.toString(expected) + "\n actual   " + Arrays.toString(actual));
        }
        long[] ids = hf.encode("你好100").getIds();
        assertEquals(List.of(101L, (long) vocab.get("你"), (long) vocab.get("好"), (long) vocab.get("100"), 102L),
                Arrays.stream(ids).boxed().toList());
    }

    /** BERT basic tokenisation (clean text, isolate CJK, split whitespace and punctuation, no lower-casing) + WordPiece. */
    static long[] reference(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp) && cp != '\t' && cp != '\n' && cp != '\r')) return;
            if (Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR) sb.append(' ');
            else if (isCjk(cp)) sb.append(' ').appendCodePoint(cp).append(' ');
            else sb.appendCodePoint(cp);
        });
        List<Long> ids = new ArrayList<>(List.of(101L));
        for (String word : sb.toString().trim().split(" +")) {
            if (word.isEmpty()) continue;
            for (String piece : splitPunctuation(word)) ids.addAll(wordPiece(piece));
        }
        ids.add(102L);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    static boolean isPunct(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    static List<String> splitPunctuation(String word) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        word.codePoints().forEach(cp -> {
            if (isPunct(cp)) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
                out.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        });
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    static List<Long> wordPiece(String word) {
        if (word.codePointCount(0, word.length()) > 100) return List.of((long) vocab.get("[UNK]"));
        List<Long> out = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer id = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                id = vocab.get(sub);
                if (id != null) break;
                end = word.offsetByCodePoints(end, -1);
            }
            if (id == null) return List.of((long) vocab.get("[UNK]"));
            out.add((long) id);
            start = end;
        }
        return out;
    }
}
