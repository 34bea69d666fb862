package dev.zhiyu.reports.indicators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.reports.pdf.Numbers;
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
 * in the canonical unit; change in % or percentage points). The truth's prior is the restated (调整后) column where
 * the table has one; a ratio's change is in points when the truth says so or when it is the difference of the
 * truth's own ratios. Truth rows that name no key indicator (supplementary single values) are listed, not scored.
 * For every report the extracted rows that fail {@link RowCheck} are counted.
 */
public final class IndicatorEvaluation {
    private static final Pattern CHANGE = Pattern.compile("增减|变动|变化|百分点");
    private static final Pattern BEFORE_RESTATEMENT = Pattern.compile("调整前|重述前|追溯前");
    private static final BigDecimal POINT_ROUNDING = new BigDecimal("0.011");

    /** One truth indicator compared: {@code detail} says what differed. */
    public record Check(String file, String label, boolean exact, String detail) {
    }

    /** Per report: the truth rows that name no key indicator, and the extracted rows failing {@link RowCheck}. */
    public record FileReport(String file, List<String> notIndicators, List<String> rowCheckFailures) {
    }

    public record Result(List<Check> checks, List<FileReport> files) {
        public Result(List<Check> checks) {
            this(checks, List.of());
        }

        public long exact() { return checks.stream().filter(Check::exact).count(); }

        public int total() { return checks.size(); }

        public long rowCheckFailures() { return files.stream().mapToLong(f -> f.rowCheckFailures().size()).sum(); }

        public String summary() {
            StringBuilder b = new StringBuilder();
            checks.stream().map(Check::file).distinct().forEach(f -> {
                long ok = checks.stream().filter(c -> c.file().equals(f) && c.exact()).count();
                long n = checks.stream().filter(c -> c.file().equals(f)).count();
                FileReport fr = files.stream().filter(x -> x.file().equals(f)).findFirst().orElse(null);
                b.append(String.format("%-50s 一致 %d/%d", f, ok, n));
                if (fr != null) b.append(String.format("  自洽校验未通过 %d 行", fr.rowCheckFailures().size()))
                        .append(fr.notIndicators().isEmpty() ? "" : "  未计分（非关键指标）" + fr.notIndicators().size() + " 行");
                b.append('\n');
            });
            b.append(String.format("合计 %d/%d 完全一致，自洽校验未通过 %d 行%n", exact(), total(), rowCheckFailures()));
            checks.stream().filter(c -> !c.exact()).forEach(c -> b.append("  ✗ ").append(c.file()).append(" ")
                    .append(c.label()).append("：").append(c.detail()).append('\n'));
            for (FileReport f : files) {
                f.rowCheckFailures().forEach(p -> b.append("  ⚠ ").append(f.file()).append(" ").append(p).append('\n'));
                f.notIndicators().forEach(l -> b.append("  · ").append(f.file()).append(" 未计分：").append(l).append('\n'));
            }
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
        List<FileReport> files = new ArrayList<>();
        for (JsonNode doc : root) {
            String file = doc.get("file").asText();
            Path pdf = pdfs.resolve(file);
            if (!Files.exists(pdf)) throw new IllegalArgumentException("标注文件列出的 PDF 不存在：" + pdf);
            BigDecimal scale = Numbers.scale(doc.path("unit").asText("")).orElse(BigDecimal.ONE);
            List<KeyIndicator> got = extract.apply(pdf);
            List<String> notIndicators = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("indicators").properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                Indicator ind = Indicator.fromLabel(e.getKey()).orElse(null);
                if (ind == null) notIndicators.add(e.getKey());
                else checks.add(check(file, e.getKey(), ind, e.getValue().get("columns"), scale, got));
            }
            files.add(new FileReport(file, notIndicators, got.stream().flatMap(k -> RowCheck.problem(k).stream()).toList()));
        }
        return new Result(checks, files);
    }

    private static Check check(String file, String label, Indicator ind, JsonNode columns, BigDecimal scale,
                               List<KeyIndicator> got) {
        KeyIndicator k = got.stream().filter(x -> x.indicator() == ind).findFirst().orElse(null);
        if (k == null) return new Check(file, label, false, "未抽取到");
        KeyIndicator want = truthRow(label, ind, columns, scale);
        List<String> diffs = new ArrayList<>();
        compare("本期", k.current(), want.current(), diffs);
        if (want.prior() != null) compare("上期", k.prior(), want.prior(), diffs);
        if (want.change() != null) compare("增减", k.change(), want.change(), diffs);
        return new Check(file, label, diffs.isEmpty(), String.join("；", diffs));
    }

    /**
     * A truth row as an indicator row: the first plain column is this period, the next one not marked 调整前 the
     * (restated) prior, the 增减 column the change — in points when the truth says so or when it is the difference of
     * the truth's own ratios. {@code prior}/{@code change} are null when the truth has no such column.
     */
    public static KeyIndicator truthRow(String label, Indicator ind, JsonNode columns, BigDecimal scale) {
        List<String> names = new ArrayList<>();
        columns.fieldNames().forEachRemaining(names::add);
        String changeCol = names.stream().filter(n -> CHANGE.matcher(n).find()).findFirst().orElse(null);
        List<String> plain = names.stream().filter(n -> !n.equals(changeCol) && !BEFORE_RESTATEMENT.matcher(n).find()).toList();
        Value cur = expected(ind, columns.get(plain.get(0)).asText(), scale);
        Value prior = plain.size() > 1 ? expected(ind, columns.get(plain.get(1)).asText(), scale) : null;
        Value change = null;
        if (changeCol != null) {
            String t = columns.get(changeCol).asText();
            var p = Numbers.parse(t).orElseThrow(() -> new IllegalArgumentException(label + " 的增减无法解析：" + t));
            boolean points = p.points() || changeCol.contains("百分点") || ind.kind() == Indicator.Kind.RATIO && difference(cur, prior, p.number());
            change = new Value(p.number(), points ? Unit.PERCENTAGE_POINT : Unit.PERCENT, null);
        }
        return new KeyIndicator(ind, label, cur, prior, change);
    }

    /** The printed change is the difference of the two printed ratios (so it is in percentage points). */
    private static boolean difference(Value cur, Value prior, BigDecimal change) {
        if (change == null || cur == null || prior == null || cur.missing() || prior.missing()) return false;
        return cur.number().subtract(prior.number()).subtract(change).abs().compareTo(POINT_ROUNDING) <= 0;
    }

    private static Value expected(Indicator ind, String text, BigDecimal scale) {
        var p = Numbers.parse(text).orElseThrow(() -> new IllegalArgumentException("无法解析标注值：" + text));
        BigDecimal n = p.number() == null ? null : ind.kind() == Indicator.Kind.AMOUNT ? p.number().multiply(scale) : p.number();
        return new Value(n, ind.unit(), null);
    }

    private static void compare(String what, Value got, Value want, List<String> diffs) {
        if (got == null) {
            if (!want.missing()) diffs.add(what + " 缺失，应为 " + want);
            return;
        }
        boolean same = got.missing() ? want.missing()
                : !want.missing() && got.number().compareTo(want.number()) == 0 && got.unit() == want.unit();
        if (!same) diffs.add(what + " 为 " + got + "（" + (got.source() == null ? "" : got.source()) + "），应为 " + want);
    }

    static boolean sameNumber(BigDecimal a, BigDecimal b) { return Objects.equals(a, b) || a != null && b != null && a.compareTo(b) == 0; }
}
