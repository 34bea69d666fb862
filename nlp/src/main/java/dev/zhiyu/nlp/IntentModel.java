package dev.zhiyu.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * One trained intent model (maxent or neural) with its calibration temperature. Stored as a directory:
 * {@code intent-model.properties} (kind, labels, temperature, provenance) plus the model's own file.
 * {@code builtin:generic} is the shipped outbound-call model (neural), {@code builtin:generic-maxent} its maxent baseline.
 */
public final class IntentModel implements IntentClassifier {
    static final String META = "intent-model.properties";
    static final String BUILTIN_GENERIC = "builtin:generic";
    static final String BUILTIN_GENERIC_MAXENT = "builtin:generic-maxent";

    private final IntentTrainer.Kind kind;
    private final IntentScorer scorer;
    private final double temperature;
    private final Map<String, String> info;
    private final IntentCalibration calibration;
    /** The temperature fitted at training time (saved as the model's own; a calibration's is saved beside it). */
    private final double trainedTemperature;

    IntentModel(IntentTrainer.Kind kind, IntentScorer scorer, double temperature, Map<String, String> info) {
        this(kind, scorer, temperature, info, null, temperature);
    }

    private IntentModel(IntentTrainer.Kind kind, IntentScorer scorer, double temperature, Map<String, String> info,
                        IntentCalibration calibration, double trainedTemperature) {
        this.kind = kind;
        this.scorer = scorer;
        this.temperature = temperature;
        this.info = Map.copyOf(info);
        this.calibration = calibration;
        this.trainedTemperature = trainedTemperature;
    }

    /**
     * The calibration stored with the model ({@code nlu calibrate}), if any. When present its temperature is the
     * one the model's probabilities use, so its thresholds hold for them.
     */
    @Override public java.util.Optional<IntentCalibration> calibration() { return java.util.Optional.ofNullable(calibration); }

    /** The same model calibrated: its probabilities use the calibration's temperature. */
    public IntentModel withCalibration(IntentCalibration c) {
        return new IntentModel(kind, scorer, c.temperature(), info, c, trainedTemperature);
    }

    /** Writes the calibration beside a model already saved in {@code dir} (replacing an older one). */
    public static void saveCalibration(Path dir, IntentCalibration c) throws IOException {
        if (!Files.isRegularFile(dir.resolve(META))) throw new NoSuchFileException(dir.toString(), null, "不是意图模型目录（缺少 " + META + "）");
        c.save(dir);
    }

    public IntentTrainer.Kind kind() { return kind; }

    /** The calibration temperature (1.0 = uncalibrated). */
    public double temperature() { return temperature; }

    public List<String> labels() { return scorer.labels(); }

    /** Provenance recorded at training time (data size, data hash, cross-validated NLL before/after calibration ...). */
    public Map<String, String> info() { return info; }

    /** The same model with another temperature and no stored calibration; {@code withTemperature(1)}: uncalibrated probabilities. */
    public IntentModel withTemperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) throw new IllegalArgumentException("温度必须为正数：" + t);
        return new IntentModel(kind, scorer, t, info, null, trainedTemperature); // its thresholds held for another T
    }

    /** The scores before any temperature, in {@link #labels()} order. */
    double[] logits(String text) { return scorer.logits(text); }

    @Override public Set<String> intents() { return new LinkedHashSet<>(scorer.labels()); }

    /** Calibrated probabilities for every label, in {@link #labels()} order; blank text gives an empty array. */
    public double[] probabilities(String text) {
        if (text == null) throw new IllegalArgumentException("文本不能为 null");
        if (IntentFeatures.clean(text).isEmpty()) return new double[0];
        return Calibration.softmax(scorer.logits(text), temperature);
    }

    @Override
    public List<IntentScore> classify(String text, int n) {
        double[] p = probabilities(text);
        List<IntentScore> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) out.add(new IntentScore(scorer.labels().get(i), p[i], kind.id()));
        out.sort(Comparator.comparingDouble(IntentScore::probability).reversed());
        return out.subList(0, Math.min(Math.max(n, 0), out.size()));
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        scorer.save(dir);
        Properties p = new Properties();
        p.setProperty("kind", kind.id());
        p.setProperty("temperature", Double.toString(trainedTemperature));
        p.setProperty("labels", String.join(",", scorer.labels()));
        info.forEach(p::setProperty);
        try (OutputStream out = Files.newOutputStream(dir.resolve(META))) {
            p.store(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), "Zhiyu intent model");
        }
        if (calibration != null) calibration.save(dir);
    }

    /** A model directory or {@code builtin:generic}. */
    public static IntentModel load(String spec) throws IOException {
        if (spec.equals(BUILTIN_GENERIC)) return builtinGeneric();
        if (spec.equals(BUILTIN_GENERIC_MAXENT)) return builtin("intents/generic/model-maxent/");
        if (spec.startsWith("builtin:")) throw new IllegalArgumentException("未知的内置模型：" + spec + "（可用：builtin:generic, builtin:generic-maxent）");
        return load(Path.of(spec));
    }

    public static IntentModel load(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(META))) throw new NoSuchFileException(dir.toString(), null, "不是意图模型目录（缺少 " + META + "）");
        return load(name -> Files.newInputStream(dir.resolve(name)));
    }

    private static IntentModel cachedGeneric;

    /** The shipped outbound-call model, trained on {@code builtin:generic} data only (the held-out fifth is unseen). */
    public static synchronized IntentModel builtinGeneric() {
        if (cachedGeneric == null) cachedGeneric = builtin("intents/generic/model/");
        return cachedGeneric;
    }

    private static IntentModel builtin(String folder) {
        try {
            return load(name -> {
                InputStream in = IntentModel.class.getResourceAsStream(folder + name);
                if (in == null) throw new NoSuchFileException(folder + name);
                return in;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("内置通用意图模型损坏或缺失：" + e.getMessage(), e);
        }
    }

    interface Source { InputStream open(String name) throws IOException; }

    private static IntentModel load(Source source) throws IOException {
        Properties p = new Properties();
        try (InputStream in = source.open(META)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        IntentTrainer.Kind kind = IntentTrainer.Kind.parse(p.getProperty("kind", ""));
        IntentScorer scorer;
        try (InputStream in = source.open(kind == IntentTrainer.Kind.MAXENT ? MaxentScorer.FILE : NeuralScorer.FILE)) {
            scorer = kind == IntentTrainer.Kind.MAXENT ? MaxentScorer.load(in) : NeuralScorer.load(in, List.of(p.getProperty("labels").split(",")));
        }
        Map<String, String> info = new TreeMap<>();
        for (String k : p.stringPropertyNames()) if (!Set.of("kind", "temperature", "labels").contains(k)) info.put(k, p.getProperty(k));
        IntentModel model = new IntentModel(kind, scorer, Double.parseDouble(p.getProperty("temperature", "1")), info);
        InputStream stored;
        try {
            stored = source.open(IntentCalibration.FILE);
        } catch (NoSuchFileException e) {
            return model;
        }
        try (InputStream in = stored) {
            return model.withCalibration(IntentCalibration.read(in));
        }
    }
}
