package dev.zhiyu.nlp;

import com.hankcs.hanlp.model.crf.CRFNERecognizer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A trainable CRF slot recogniser (HanLP's CRF++ port) for open-class slot values such as bank, branch and product
 * names. It tags characters, using the HanLP word around each character as a feature (see {@link #toPku}); training
 * data is {@link AnnotatedSentence} text. Recognition uses the analyser's own tokens for those features.
 */
public final class CrfSlotRecognizer implements EntityRecognizer {
    static final String MODEL = "crf-slots.bin";
    private static final Segmenter SEGMENTER = Segmenter.hanlp(TenantDictionary.withFinanceTerms());
    private static CrfSlotRecognizer builtin;

    private final CRFNERecognizer crf;
    private final Set<String> types;

    private CrfSlotRecognizer(CRFNERecognizer crf, Set<String> types) {
        this.crf = crf;
        this.types = Set.copyOf(types);
    }

    public Set<String> types() { return types; }

    /**
     * Trains on {@code data} and writes the model into {@code dir} (HanLP also writes a text dump beside it).
     * HanLP's trainer prints progress on standard output.
     */
    public static CrfSlotRecognizer train(List<AnnotatedSentence> data, Path dir) throws IOException {
        Set<String> types = new LinkedHashSet<>();
        data.forEach(s -> s.spans().forEach(sp -> types.add(sp.type())));
        if (types.isEmpty()) throw new IllegalArgumentException("训练数据中没有任何实体标注");
        Files.createDirectories(dir);
        Path corpus = Files.createTempFile("zhiyu-crf-", ".txt");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
                for (AnnotatedSentence s : data) w.write(toPku(s) + "\n");
            }
            CRFNERecognizer trainer = new CRFNERecognizer(null);
            trainer.tagSet.nerLabels.clear();
            types.forEach(trainer::addNERLabels);
            trainer.train(corpus.toString(), dir.resolve(MODEL).toString());
        } finally {
            Files.deleteIfExists(corpus);
        }
        Files.writeString(dir.resolve("crf-slots.types"), String.join(",", types));
        Files.writeString(dir.resolve("crf-slots.data.sha256"), dataSha256(data));
        return load(dir);
    }

    static String dataSha256(List<AnnotatedSentence> data) {
        return IntentTrainer.sha256(data.stream().map(s -> new LabeledText("s", s.text() + s.spans(), 0)).toList());
    }

    public static CrfSlotRecognizer load(Path dir) throws IOException {
        Path types = dir.resolve("crf-slots.types");
        if (!Files.exists(types)) throw new java.nio.file.NoSuchFileException(dir.toString(), null, "不是 CRF 槽位模型目录");
        return new CrfSlotRecognizer(new CRFNERecognizer(dir.resolve(MODEL).toString()),
                new LinkedHashSet<>(List.of(Files.readString(types).strip().split(","))));
    }

    /**
     * The shipped bank/branch/product recogniser, trained on {@code ner/slots-train.txt} (see nlp/README.md to
     * retrain). HanLP loads CRF models from a path, so the model files are copied once into a cache directory.
     */
    public static synchronized CrfSlotRecognizer builtin() {
        if (builtin != null) return builtin;
        try {
            byte[] model, types;
            try (InputStream m = CrfSlotRecognizer.class.getResourceAsStream("ner/model/" + MODEL);
                 InputStream t = CrfSlotRecognizer.class.getResourceAsStream("ner/model/crf-slots.types")) {
                if (m == null || t == null) throw new java.nio.file.NoSuchFileException("ner/model/" + MODEL);
                model = m.readAllBytes();
                types = t.readAllBytes();
            }
            String key = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(model)).substring(0, 16);
            Path dir = ModelCache.root().resolve("crf-slots-" + key);
            if (!Files.exists(dir.resolve("crf-slots.types"))) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, MODEL, ".part");
                Files.write(tmp, model);
                Files.move(tmp, dir.resolve(MODEL), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.write(dir.resolve("crf-slots.types"), types); // written last: marks the copy complete
            }
            return builtin = load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("内置槽位模型损坏或缺失：" + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Character-level corpus: each character is a "word" whose "POS" is its position in the HanLP word containing it
     * plus that word's POS (Bnt, Mnt, Ent, Sv ...). Entities are bracketed character runs, so a multi-character
     * entity is always a compound word and segmentation differences between training and use cannot misalign spans.
     */
    static String toPku(AnnotatedSentence s) {
        String[] chars = chars(s.text()), pos = charPos(s.text(), SEGMENTER.segment(s.text()));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (AnnotatedSentence.Span sp : s.spans()) {
            for (; i < sp.start(); i++) sb.append(chars[i]).append('/').append(pos[i]).append(' ');
            if (sp.end() - sp.start() == 1) {
                sb.append(chars[i]).append('/').append(pos[i]).append(' ');
            } else {
                sb.append('[');
                for (; i < sp.end(); i++) sb.append(i > sp.start() ? " " : "").append(chars[i]).append('/').append(pos[i]);
                sb.append(']').append(sp.type()).append(' ');
            }
            i = sp.end();
        }
        for (; i < chars.length; i++) sb.append(chars[i]).append('/').append(pos[i]).append(' ');
        return sb.toString().strip();
    }

    /** Normalised characters, with the corpus format's own delimiters replaced. */
    private static String[] chars(String text) {
        String n = Normalization.Step.CHAR_TABLE.apply(text);
        String[] out = new String[n.length()];
        for (int i = 0; i < out.length; i++) {
            char c = n.charAt(i);
            out[i] = Character.isWhitespace(c) || c == '/' || c == '[' || c == ']' ? "_" : String.valueOf(c);
        }
        return out;
    }

    private static String[] charPos(String text, List<Token> tokens) {
        String[] pos = new String[text.length()];
        java.util.Arrays.fill(pos, "Sw");
        for (Token t : tokens) {
            int len = t.end() - t.start();
            for (int i = t.start(); i < t.end(); i++) {
                String p = len == 1 ? "S" : i == t.start() ? "B" : i == t.end() - 1 ? "E" : "M";
                pos[i] = p + t.pos().replaceAll("[^0-9A-Za-z]", ""); // HanLP's corpus reader accepts alphanumeric tags only
            }
        }
        return pos;
    }

    public List<Entity> recognize(String text) { return recognize(text, SEGMENTER.segment(text)); }

    @Override
    public List<Entity> recognize(String text, List<Token> tokens) {
        if (text.isEmpty()) return List.of();
        String[] chars = chars(text), pos = charPos(text, tokens);
        String[] tags;
        synchronized (crf) {
            tags = crf.recognize(chars, pos);
        }
        return spans(text, tags);
    }

    /** BMES tags per character (B-x, M-x, E-x, S-x, O) to entities; an unfinished run is dropped. */
    private List<Entity> spans(String text, String[] tags) {
        List<Entity> out = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i < tags.length; i++) {
            String tag = tags[i];
            if (tag.startsWith("S-")) {
                add(out, text, i, i + 1, tag.substring(2));
                start = -1;
            } else if (tag.startsWith("B-")) {
                start = i;
                type = tag.substring(2);
            } else if (tag.startsWith("M-")) {
                if (start < 0 || !tag.substring(2).equals(type)) start = -1;
            } else if (tag.startsWith("E-")) {
                if (start >= 0 && tag.substring(2).equals(type)) add(out, text, start, i + 1, type);
                start = -1;
            } else {
                start = -1;
            }
        }
        return out;
    }

    private static void add(List<Entity> out, String text, int start, int end, String type) {
        String surface = text.substring(start, end);
        out.add(new Entity(type, surface, start, end, Normalization.Step.CHAR_TABLE.apply(surface), "crf"));
    }

    /** Span-level exact-match precision/recall/F1 (overall and per type). */
    public SpanScores evaluate(List<AnnotatedSentence> gold) {
        return SpanScores.of(this, gold);
    }
}
