package dev.zhiyu.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A model's calibration on a set written separately from its training data, stored beside the model
 * ({@value #FILE}): the refitted temperature and the thresholds read off that set under it. At or above
 * {@code endCall} the top intent was right at least {@value IntentEvaluator#END_CALL_PRECISION} of the time, at or
 * above {@code act} {@value IntentEvaluator#ACT_PRECISION}, at or above {@code confirm}
 * {@value IntentEvaluator#CONFIRM_PRECISION}. A dialog takes them where its scenario sets none of its own.
 */
public record IntentCalibration(double temperature, double act, double confirm, double endCall, String data,
                                int examples) {
    /** Fewer examples than this give thresholds that one sentence moves: calibration is refused. */
    public static final int MIN_EXAMPLES = 100;
    static final String FILE = "calibration.properties";

    public IntentCalibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("温度必须为正数：" + temperature);
        for (double t : new double[] {act, confirm, endCall}) {
            if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("阈值应在 0 到 1 之间：" + t);
        }
        if (examples < MIN_EXAMPLES) throw tooFew(examples);
    }

    static IllegalArgumentException tooFew(int examples) {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "校准数据只有 %d 条（模型认识的意图），至少需要 %d 条：样本太少，推出的阈值会随一两句话大幅变动，不能用于通话。",
                examples, MIN_EXAMPLES));
    }

    public String format() {
        return String.format(Locale.ROOT, "温度 T=%.3f；end_call ≥ %.3f，act ≥ %.3f，confirm ≥ %.3f（校准数据 %s，%d 条）",
                temperature, endCall, act, confirm, data, examples);
    }

    void save(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("temperature", Double.toString(temperature));
        p.setProperty("act", Double.toString(act));
        p.setProperty("confirm", Double.toString(confirm));
        p.setProperty("end_call", Double.toString(endCall));
        p.setProperty("data", data);
        p.setProperty("examples", Integer.toString(examples));
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILE))) {
            p.store(new OutputStreamWriter(out, StandardCharsets.UTF_8), "Zhiyu intent model calibration");
        }
    }

    static IntentCalibration read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            return new IntentCalibration(Double.parseDouble(p.getProperty("temperature")),
                    Double.parseDouble(p.getProperty("act")), Double.parseDouble(p.getProperty("confirm")),
                    Double.parseDouble(p.getProperty("end_call")), p.getProperty("data", "?"),
                    Integer.parseInt(p.getProperty("examples", "0")));
        } catch (NullPointerException | NumberFormatException e) {
            throw new IOException(FILE + " 不完整或格式错误：" + e.getMessage(), e);
        }
    }
}
