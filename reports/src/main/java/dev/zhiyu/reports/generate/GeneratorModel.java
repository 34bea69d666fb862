package dev.zhiyu.reports.generate;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained generator as a versioned artifact: {@code generator.json} (format, version, sizes, vocabulary, training
 * settings and metrics) and {@code weights.bin} (float32 matrices in the order of the network's weight list).
 */
public final class GeneratorModel {
    static final String META = "generator.json", WEIGHTS = "weights.bin";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String version;
    private final Net net;
    private final Vocabulary vocab;
    private final Map<String, Object> metrics;
    private final PlanDecoder decoder;

    GeneratorModel(String version, Net net, Vocabulary vocab, Map<String, Object> metrics) {
        this.version = version;
        this.net = net;
        this.vocab = vocab;
        this.metrics = new LinkedHashMap<>(metrics);
        this.decoder = new PlanDecoder(net, vocab);
    }

    public String version() { return version; }

    public List<String> vocabulary() { return vocab.pieces(); }

    /** Training settings and results (and evaluation results once {@link #putMetric} recorded them). */
    public Map<String, Object> metrics() { return Map.copyOf(metrics); }

    public void putMetric(String name, Object value) { metrics.put(name, value); }

    /**
     * How the decoder chooses its tokens: {@code constrained} masks copies and words that would state a number of
     * another record or with the wrong direction ({@link PlanDecoder}); {@code beam} partial texts are kept (1 =
     * greedy). {@link #FREE} is the model's unconstrained greedy choice, kept to measure what the constraints add.
     */
    public record Decoding(String name, boolean constrained, int beam) {
        public static final Decoding FREE = new Decoding("free", false, 1);
        public static final Decoding CONSTRAINED = new Decoding("constrained", true, 1);
        public static final Decoding BEAM = new Decoding("beam4", true, 4);
        /** What the server publishes with. */
        public static final Decoding DEFAULT = BEAM;

        public Decoding {
            if (beam < 1 || beam > 16) throw dev.zhiyu.models.ModelRequestException.invalid("束宽应在 1 到 16 之间：" + beam);
            if (!constrained && beam != 1) throw dev.zhiyu.models.ModelRequestException.invalid("不受约束的解码只支持贪心（束宽 1）");
        }

        /** {@code free}, {@code constrained}, {@code beamN} (constrained, N partial texts). */
        public static Decoding parse(String s) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("free")) return FREE;
            if (t.equals("constrained")) return CONSTRAINED;
            if (t.matches("beam\\d+")) return new Decoding(t, true, Integer.parseInt(t.substring(4)));
            throw dev.zhiyu.models.ModelRequestException.invalid("未知的解码方式：" + s + "（可选 free、constrained、beam4 等）");
        }
    }

    /** The model's own text (headline, "\n", body without the main-business paragraph), before any check. */
    public String text(GenerationInput in) {
        return text(in, Decoding.DEFAULT);
    }

    public String text(GenerationInput in, Decoding decoding) {
        List<String> c = candidates(in, decoding);
        return c.isEmpty() ? "" : c.get(0);
    }

    /** The decoder's finished texts, best first (one for greedy decoding); empty when the input has too many records. */
    public List<String> candidates(GenerationInput in, Decoding decoding) {
        return decode(in, decoding, decoder).stream().map(PlanDecoder.Candidate::text).toList();
    }

    /** The decoded candidates with their steps; {@code decoder} does the constrained search. */
    List<PlanDecoder.Candidate> decode(GenerationInput in, Decoding decoding, PlanDecoder decoder) {
        List<Rec> recs = Records.of(in);
        if (recs.size() > net.dims.records()) return List.of();
        Net.Encoded e = net.encode(recs.stream().map(Records::features).toList());
        if (decoding.constrained()) return decoder.decode(e, recs, decoding.beam(), net.dims.tokens());
        List<Net.Step> steps = net.run(e, net.dims.tokens()).steps();
        return List.of(new PlanDecoder.Candidate(steps, PlanDecoder.join(steps, recs, vocab), 0));
    }

    Net net() { return net; }

    Vocabulary vocab() { return vocab; }

    /** The plan (records in the order the model will mention them) and each record's selection probability. */
    Net.Output run(GenerationInput in) {
        return net.run(Records.of(in).stream().map(Records::features).toList(), net.dims.tokens());
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Dims d = net.dims;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", version);
        meta.put("dims", List.of(d.features(), d.hidden(), d.vocab(), d.records(), d.plan(), d.tokens()));
        meta.put("vocabulary", vocab.pieces());
        meta.put("metrics", metrics);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(), meta);
        try (var out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(WEIGHTS))))) {
            for (String name : Net.shapes(d).keySet())
                for (float[] row : net.w.get(name)) for (float x : row) out.writeFloat(x);
        }
    }

    @SuppressWarnings("unchecked")
    public static GeneratorModel load(Path dir) throws IOException {
        Map<String, Object> meta = JSON.readValue(dir.resolve(META).toFile(), Map.class);
        if (!Integer.valueOf(FORMAT).equals(meta.get("format")))
            throw new IOException("不支持的快讯生成模型格式：" + meta.get("format"));
        List<Integer> s = (List<Integer>) meta.get("dims");
        Dims d = new Dims(s.get(0), s.get(1), s.get(2), s.get(3), s.get(4), s.get(5));
        if (d.features() != Records.FEATURES) throw new IOException("模型的记录特征数与本版本不符：" + d.features());
        Vocabulary vocab = new Vocabulary((List<String>) meta.get("vocabulary"));
        Map<String, float[][]> w = new LinkedHashMap<>();
        try (var in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(WEIGHTS))))) {
            for (var e : Net.shapes(d).entrySet()) {
                float[][] m = new float[e.getValue()[0]][e.getValue()[1]];
                for (float[] row : m) for (int j = 0; j < row.length; j++) row[j] = in.readFloat();
                w.put(e.getKey(), m);
            }
        }
        return new GeneratorModel((String) meta.get("version"), new Net(d, w, vocab.newlines()), vocab,
                (Map<String, Object>) meta.getOrDefault("metrics", Map.of()));
    }

    /** Whether {@code dir} holds a saved generator. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(META)) && Files.isRegularFile(dir.resolve(WEIGHTS));
    }

    static GeneratorModel loadUnchecked(Path dir) {
        try {
            return load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
