package dev.zhiyu.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.news.ClaimCheck;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.reports.pdf.Numbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pipeline would publish for a folder of reports, judged against a hand-checked truth file (the format of
 * key_indicators.json), not against our own extraction: indicators exact; every claim of each published news item
 * compared with the truth's value for that indicator and column, and its wording with the indicator's kind (a
 * claim the truth does not cover is counted as unverified, not as right); reports held for review and why; the
 * precision of shown explanations where the truth judges explanations.
 */
public final class NewsAudit {
    private static final Pattern FILE_CODE = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)");
    private static final Pattern FILE_YEAR = Pattern.compile("(20\\d\\d)(?:年|_)");

    /** One report: its news status and hold reasons, claims read, the wrong ones and those the truth does not cover. */
    public record Report(String file, NewsItem.Status status, List<String> holdReasons, int claims,
                         List<String> wrong, List<String> unverified) {
    }

    public record Result(IndicatorEvaluation.Result indicators, List<Report> reports, String explanationPrecision) {
        public long wrongPublishedClaims() {
            return reports.stream().filter(r -> r.status() == NewsItem.Status.PUBLISHED).mapToLong(r -> r.wrong().size()).sum();
        }

        public String summary() {
            StringBuilder b = new StringBuilder(indicators.summary());
            for (Report r : reports) {
                b.append(String.format("%s  快讯%s  引用 %d 处，错误 %d，标注未覆盖 %d%n", r.file(), status(r.status()),
                        r.claims(), r.wrong().size(), r.unverified().size()));
                r.wrong().forEach(w -> b.append("  ✗ ").append(w).append('\n'));
                r.holdReasons().forEach(h -> b.append("  待审核原因：").append(h).append('\n'));
            }
            long held = reports.stream().filter(r -> r.status() != NewsItem.Status.PUBLISHED).count();
            b.append(String.format("关键指标完全一致 %d/%d%n", indicators.exact(), indicators.total()));
            b.append(String.format("已发布快讯中的错误引用 %d（目标 0）%n", wrongPublishedClaims()));
            b.append(String.format("转人工审核 %d/%d 份%n", held, reports.size()));
            b.append("解释准确率 ").append(explanationPrecision).append('\n');
            return b.toString();
        }

        private static String status(NewsItem.Status s) {
            return switch (s) {
                case PUBLISHED -> "已发布";
                case HELD_FOR_REVIEW -> "待审核";
                case BLOCKED -> "已拦截";
            };
        }
    }

    private NewsAudit() {
    }

    public static Result run(Path pdfs, Path truth, ReportPipeline pipeline) {
        JsonNode root = read(truth);
        Map<Path, ReportPipeline.Result> runs = new HashMap<>();
        List<Report> reports = new ArrayList<>();
        for (JsonNode doc : root) {
            Path pdf = pdfs.resolve(doc.get("file").asText());
            try {
                ReportPipeline.Result r = run(pipeline, pdf);
                runs.put(pdf, r);
                reports.add(audit(doc, r));
            } catch (ReportException e) {
                reports.add(new Report(doc.get("file").asText(), NewsItem.Status.BLOCKED, List.of("无法处理：" + e.getMessage()),
                        0, List.of(), List.of()));
            }
        }
        IndicatorEvaluation.Result indicators = IndicatorEvaluation.run(pdfs, truth,
                p -> runs.containsKey(p) ? runs.get(p).report().indicators() : List.of());
        boolean judged = false;
        for (JsonNode doc : root) judged |= doc.has("explanations");
        return new Result(indicators, reports, judged ? "（标注中的解释判定格式尚未支持）" : "n/a（标注文件中没有人工判定的解释）");
    }

    private static Report audit(JsonNode doc, ReportPipeline.Result r) {
        String file = doc.get("file").asText();
        NewsItem news = r.news();
        ReportInfo truthInfo = truthInfo(doc, file, r.report().info());
        ClaimCheck check = new ClaimCheck(truthInfo, truthRows(doc), r.report().mainBusiness(), false);
        ClaimCheck.Result c = check.check(news.text(), news.quotes());
        List<String> wrong = new ArrayList<>(), unverified = new ArrayList<>();
        for (ClaimCheck.Finding f : c.findings()) {
            if (f.claim() != null && f.claim().segment() != null) continue;
            switch (f.problem()) {
                case WRONG_NUMBER, WRONG_WORDS, BAD_QUOTE -> wrong.add(f.message());
                default -> unverified.add(f.message());
            }
        }
        c.claims().stream().filter(x -> x.segment() != null).forEach(x -> unverified.add("主营业务（标注未覆盖）：" + x.text()));
        List<String> reasons = news.status() == NewsItem.Status.PUBLISHED ? List.of() : news.problems().isEmpty()
                ? List.of("本租户设置为全部人工审核") : news.problems();
        return new Report(file, news.status(), reasons, c.claims().size(), wrong, unverified);
    }

    /** The cover as the truth gives it (code, period end); else the file name's code and year; else what we read. */
    static ReportInfo truthInfo(JsonNode doc, String file, ReportInfo parsed) {
        String code = doc.path("stock_code").asText(null);
        if (code == null) {
            Matcher m = FILE_CODE.matcher(file);
            code = m.find() ? m.group(1) : parsed.code();
        }
        String period = doc.path("period_end").asText(null);
        if (period == null) {
            Matcher m = FILE_YEAR.matcher(file);
            period = m.find() ? m.group(1) : parsed.period();
        }
        return new ReportInfo(code, parsed.company(), parsed.type(), period);
    }

    /** The truth's rows as indicator rows, read as {@code reports eval} reads them (restated prior, ratio points). */
    static List<KeyIndicator> truthRows(JsonNode doc) {
        BigDecimal scale = Numbers.scale(doc.path("unit").asText("")).orElse(BigDecimal.ONE);
        List<KeyIndicator> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("indicators").fields(); it.hasNext(); ) {
            var e = it.next();
            Indicator.fromLabel(e.getKey()).ifPresent(ind -> out.add(
                    IndicatorEvaluation.truthRow(e.getKey(), ind, e.getValue().get("columns"), scale)));
        }
        return out;
    }

    private static ReportPipeline.Result run(ReportPipeline pipeline, Path pdf) {
        try {
            return pipeline.run(Files.readAllBytes(pdf), pdf.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取 " + pdf + "：" + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path truth) {
        try {
            return new ObjectMapper().readTree(Files.readString(truth));
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取标注文件 " + truth + "：" + e.getMessage(), e);
        }
    }
}
