package dev.zhiyu.reports.explain;

import dev.zhiyu.models.ModelKind;
import dev.zhiyu.models.PromotionRule;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A tenant's reasons matcher as versions of purpose {@value #PURPOSE} in its model registry: a {@link MatcherSetting}
 * calibrated on research staff's judgments ({@link MatcherCalibration}), stored as a properties file, and made live
 * only by an explicit promotion that refuses a version worse than the setting it was measured against.
 */
public final class ReasonsMatcherKind implements ModelKind<MatcherSetting> {
    public static final String PURPOSE = "reasons-matcher";
    public static final String FILE = "reasons-matcher.properties";
    public static final ReasonsMatcherKind INSTANCE = new ReasonsMatcherKind();
    /** How much F1 on the dev pairs a version may give up for the tenant's own judgments. */
    static final double DEV_TOLERANCE = 0.05;

    private ReasonsMatcherKind() {
    }

    @Override
    public boolean owns(String purpose) {
        return PURPOSE.equals(purpose);
    }

    @Override
    public String noun() {
        return "解释匹配器";
    }

    @Override
    public MatcherSetting load(Path dir) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8)));
        return new MatcherSetting(Double.parseDouble(p.getProperty("threshold")), Double.parseDouble(p.getProperty("blend")));
    }

    /**
     * Worse than the live setting: lower decision accuracy or F1 on the held-out judgments, or F1 more than
     * {@value #DEV_TOLERANCE} lower on the dev pairs.
     */
    @Override
    public PromotionRule manualRule() {
        return ReasonsMatcherKind::check;
    }

    static PromotionRule.Verdict check(Map<String, Double> m) {
        String worse = worse(m);
        return new PromotionRule.Verdict(worse == null, worse == null ? "不比线上设置差" : worse);
    }

    private static String worse(Map<String, Double> m) {
        double held = m.getOrDefault("heldOut.decisionAccuracy", 0.0);
        double heldBase = m.getOrDefault("baseline.heldOut.decisionAccuracy", 0.0);
        if (held + 1e-12 < heldBase)
            return String.format(Locale.ROOT, "留出判断上决定正确率 %.3f 低于线上 %.3f", held, heldBase);
        if (m.getOrDefault("heldOut.f1", 0.0) + 1e-12 < m.getOrDefault("baseline.heldOut.f1", 0.0))
            return String.format(Locale.ROOT, "留出判断上 F1 %.3f 低于线上 %.3f", m.get("heldOut.f1"), m.get("baseline.heldOut.f1"));
        if (m.containsKey("dev.f1") && m.get("dev.f1") + DEV_TOLERANCE < m.getOrDefault("baseline.dev.f1", 0.0))
            return String.format(Locale.ROOT, "开发集上 F1 %.3f 比线上 %.3f 低了超过 %.2f", m.get("dev.f1"),
                    m.get("baseline.dev.f1"), DEV_TOLERANCE);
        return null;
    }
}
