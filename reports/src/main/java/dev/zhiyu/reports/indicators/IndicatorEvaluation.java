package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.pdf.Numbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Compares extracted key indicators with a hand-checked truth file (the format of key_indicators.json): an
 * indicator counts as exact when current, prior and change all equal the truth after normalisation (same number
 * in the canonical unit; change in % or percentage points as printed).
 */
public final class IndicatorEvaluation {
    private static final Pattern CHANGE = Pattern.compile("增减|变动|变化|百分点");

    /** One truth indicator compared: {@code detail} says what differed. */
    public record Check(String file, String label, boolean exact, String detail) {
    }

    public record Result(List<Check> checks) {
        public long exact() { return checks.stream().filter(Check::exact).count(); }

        public int total() { return checks.size(); }

        public String summary() {
            StringBuilder b = new StringBuilder();
            checks.stream().map(Check::file).distinct().forEach(f -> {
                long ok = checks.stream().filter(c -> c.file().equals(f) && c.exact()).count();
                long n = checks.stream().filter(c -> c.file().equals(f)).count();
                b.append(String.format("%-50s %d/%d%n", f, ok, n));
            });
            b.append(String.format("合计 %d/%d 完全一致%n", exact(), total()));
            checks.stream().filter(c -> !c.exact()).forEach(c -> b.append("  ✗ ").append(c.file()).append(" ")
                    .append(c.label()).append("：").append(c.detail()).append('\n'));
            return b.toString();
        }
    }

    private IndicatorEvaluation() {
    }

    /** Evaluates {@code extract} (file → its indicators) on every file the truth lists, reading PDFs from {@code pdfs}. */
    public static Result run(Path pdfs, Path truth, Function<Path, List<KeyIndicator>> extract) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(truth));
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取标注文件 " + truth + "：" + e.getMessage(), e);
        }
        List<Check> checks = new ArrayList<>();
        for (JsonNode doc : root) {
            String file = doc.get("file").asText();
            Path pdf = pdfs.resolve(file);
            if (!Files.exists(pdf)) throw new IllegalArgumentException("标注文件列出的 PDF 不存在：" + pdf);
            BigDecimal scale = Numbers.scale(doc.path("unit").asText("")).orElse(BigDecimal.ONE);
            List<KeyIndicator> got = extract.apply(pdf);
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("indicators").fields(); it.hasNext(); ) {
                var e = it.next();
                checks.add(check(file, e.getKey(), e.getValue().get("columns"), scale, got));
            }
        }
        return new Result(checks);
    }

    private static Check check(String file, String label, JsonNode columns, BigDecimal scale, List<KeyIndicator> got) {
        Indicator ind = Indicator.fromLabel(label).orElse(null);
        if (ind == null) return new Check(file, label, false, "标注的指标名无法识别");
        KeyIndicator k = got.stream().filter(x -> x.indicator() == ind).findFirst().orElse(null);
        if (k == null) return new Check(file, label, false, "未抽取到");
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        String changeCol = names.stream().filter(n -> CHANGE.matcher(n).find()).findFirst().orElse(null);
        List<String> plain = names.stream().filter(n -> !n.equals(changeCol)).toList();
        List<String> diffs = new ArrayList<>();
        compare("本期", k.current(), expected(ind, columns.get(plain.get(0)).asText(), scale), diffs);
        if (plain.size() > 1) compare("上期", k.prior(), expected(ind, columns.get(plain.get(1)).asText(), scale), diffs);
        if (changeCol != null) {
            String t = columns.get(changeCol).asText();
            var p = Numbers.parse(t).orElseThrow(() -> new IllegalArgumentException(file + " " + label + " 的增减无法解析：" + t));
            Unit u = p.points() || changeCol.contains("百分点") ? Unit.PERCENTAGE_POINT : Unit.PERCENT;
            compare("增减", k.change(), new Value(p.number(), u, null), diffs);
        }
        return new Check(file, label, diffs.isEmpty(), String.join("；", diffs));
    }

    private static Value expected(Indicator ind, String text, BigDecimal scale) {
        var p = Numbers.parse(text).orElseThrow(() -> new IllegalArgumentException("无法解析标注值：" + text));
        BigDecimal n = p.number() == null ? null : ind.kind() == Indicator.Kind.AMOUNT ? p.number().multiply(scale) : p.number();
        return new Value(n, ind.unit(), null);
    }

    private static void compare(String what, Value got, Value want, List<String> diffs) {
        if (got == null) {
            diffs.add(what + " 缺失，应为 " + want);
            return;
        }
        boolean same = got.missing() ? want.missing()
                : !want.missing() && got.number().compareTo(want.number()) == 0 && got.unit() == want.unit();
        if (!same) diffs.add(what + " 为 " + got + "（" + (got.source() == null ? "" : got.source()) + "），应为 " + want);
    }

    static boolean sameNumber(BigDecimal a, BigDecimal b) { return Objects.equals(a, b) || a != null && b != null && a.compareTo(b) == 0; }
}
