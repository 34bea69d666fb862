package dev.zhiyu.nlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code label<TAB>text} files (UTF-8; blank lines and lines starting with '#' are skipped). Every problem is
 * reported as a {@link DataFormatException} naming the line. {@code builtin:generic} and {@code builtin:generic-heldout}
 * name the shipped outbound-call data.
 */
public final class IntentDataset {
    static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final int MAX_TEXT = 2_000;
    /**
     * Spoken-style replies written separately from the training data (fillers, ellipsis, dialect, combined intents),
     * in two halves: the calibration half fits temperatures and thresholds, the test half only reports.
     */
    public static final String REALSTYLE_CALIBRATION = "builtin:generic-realstyle-calibration";
    public static final String REALSTYLE_TEST = "builtin:generic-realstyle-test";
    /** ASR-style replies (no punctuation, homophone errors, fillers, dialect), the half to tune on. */
    public static final String ASR_DEV = "builtin:generic-asr-dev";
    /** The other half, measured once after tuning on {@link #ASR_DEV}; split by a hash of the text. */
    public static final String ASR_TEST = "builtin:generic-asr-test";

    private IntentDataset() {}

    /**
     * A file path, {@code builtin:generic} (shipped training data), {@code builtin:generic-heldout} (its held-out
     * fifth), or the separately written spoken-style halves {@link #REALSTYLE_CALIBRATION} and {@link #REALSTYLE_TEST}.
     */
    public static List<LabeledText> read(String spec) throws IOException {
        return switch (spec) {
            case "builtin:generic" -> readResource("intents/generic/train.tsv");
            case "builtin:generic-heldout" -> readResource("intents/generic/heldout.tsv");
            case REALSTYLE_CALIBRATION -> readResource("intents/generic/realstyle-calibration.tsv");
            case REALSTYLE_TEST -> readResource("intents/generic/realstyle-test.tsv");
            case ASR_DEV -> readResource("intents/generic/asr-dev.tsv");
            case ASR_TEST -> readResource("intents/generic/asr-test.tsv");
            default -> {
                if (spec.startsWith("builtin:")) throw new IllegalArgumentException("未知的内置数据集：" + spec + "（可用：builtin:generic, builtin:generic-heldout, " + REALSTYLE_CALIBRATION + ", " + REALSTYLE_TEST + ", " + ASR_DEV + ", " + ASR_TEST + "）");
                yield read(Path.of(spec));
            }
        };
    }

    public static List<LabeledText> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "数据文件不存在");
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
            return read(r, file.getFileName().toString());
        }
    }

    static List<LabeledText> readResource(String name) {
        InputStream in = IntentDataset.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("缺少内置资源 " + name);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(r, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<LabeledText> read(Reader reader, String source) throws IOException {
        List<LabeledText> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        int n = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank() || line.startsWith("#")) continue;
                out.add(parse(line, source, n));
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source, n + 1, "不是合法的 UTF-8 编码");
        }
        if (out.isEmpty()) throw new DataFormatException(source, Math.max(n, 1), "文件中没有任何样本");
        return out;
    }

    private static LabeledText parse(String line, String source, int n) {
        int tab = line.indexOf('\t');
        if (tab < 0) throw new DataFormatException(source, n, "缺少制表符，应为「意图<TAB>文本」：" + abbreviate(line));
        String label = line.substring(0, tab).strip();
        String text = line.substring(tab + 1).strip();
        if (text.indexOf('\t') >= 0) throw new DataFormatException(source, n, "有多余的制表符：" + abbreviate(line));
        if (!LABEL.matcher(label).matches()) {
            throw new DataFormatException(source, n, "意图名「" + abbreviate(label) + "」不合法，应为小写字母开头的 [a-z0-9_]");
        }
        if (text.isEmpty()) throw new DataFormatException(source, n, "文本为空");
        if (text.length() > MAX_TEXT) throw new DataFormatException(source, n, "文本过长（" + text.length() + " 字符，上限 " + MAX_TEXT + "）");
        return new LabeledText(label, text, n);
    }

    private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }
}
