package dev.zhiyu.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.nlp.SentenceEncoder;
import dev.zhiyu.reports.explain.BgeMatcher;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.explain.Explainer;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Thresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Precision and coverage of the explanations the news would show ("公司解释为…"), on the development reports, against
 * hand-judged labels ({@code reports/eval/explanations-judged.json}: report, indicator, shown sentence, correct —
 * judged by reading the report's text around the sentence), as the pipeline shows them ({@link Explainer}: only
 * candidates about the indicator, the shipped BGE matcher at the default threshold).
 * precision = shown and judged correct / shown and judged; coverage = anomalies with a shown explanation /
 * anomalies; a shown sentence without a judgment is listed (judge it, then re-run). With {@code --dump} every shown
 * sentence is printed with its page's text for judging. Run from reports/ after
 * {@code mvn -B -q -pl reports -am test-compile -P '!fuzz'} (classpath as in HostilePdfBenchMain):
 * java -Xss4m -Xmx2g -cp "target/test-classes:target/classes:$(cat /tmp/rh-cp.txt)" dev.zhiyu.reports.ExplanationEvalMain (-Xss4m: the ONNX runtime crashed the default 1 MB main thread here)
 */
public final class ExplanationEvalMain {
    record Shown(String report, String indicator, String sentence, String source, int page) {
    }

    public static void main(String[] args) throws Exception {
        boolean dump = List.of(args).contains("--dump");
        Path judged = Path.of(EvalMain.arg(args, "--judged", "eval/explanations-judged.json"));
        JsonNode labels = Files.exists(judged) ? new ObjectMapper().readTree(judged.toFile()) : new ObjectMapper().createArrayNode();
        ExplanationMatcher matcher = BgeMatcher.shipped(SentenceEncoder.bgeSmallZh());
        ReportPipeline pipeline = new ReportPipeline(new ReportParser(Limits.defaults(), false),
                new AnomalyDetector(Thresholds.defaults()), matcher, false);
        List<Shown> shown = new ArrayList<>();
        int anomalies = 0;
        for (String dir : List.of("reports/pdfs", "reports/corpus/pdfs")) {
            List<Path> pdfs;
            try (var s = Files.list(SharedData.require(dir))) {
                pdfs = s.filter(f -> f.toString().endsWith(".pdf")).sorted().toList();
            }
            for (Path pdf : pdfs) {
                ReportPipeline.Result r = pipeline.run(Files.readAllBytes(pdf), pdf.getFileName().toString());
                String name = pdf.getFileName().toString();
                anomalies += r.anomalies().size();
                for (MatchedAnomaly m : r.matched()) add(shown, name, m);
                if (dump) dump(pdf, shown, name);
            }
        }
        System.out.printf("异常指标 %d 个（8 份开发报告），判断文件 %s（%d 条）%n", anomalies, judged, labels.size());
        report("ReportPipeline（Explainer：只取关于该指标的原因）", shown, anomalies, labels);
    }

    private static void add(List<Shown> out, String report, MatchedAnomaly m) {
        if (m.explanation() == null) return;
        out.add(new Shown(report, m.anomaly().indicator().name(), m.explanation().text(), m.explanation().source().name(),
                m.explanation().page()));
    }

    private static void report(String who, List<Shown> shown, int anomalies, JsonNode labels) {
        int right = 0;
        int wrong = 0;
        List<Shown> unjudged = new ArrayList<>();
        for (Shown s : shown) {
            JsonNode j = judgment(labels, s);
            if (j == null) unjudged.add(s);
            else if (j.path("correct").asBoolean()) right++;
            else wrong++;
        }
        int judgedShown = right + wrong;
        System.out.printf("%s：展示 %d 条，已判断 %d 条，正确 %d，错误 %d；精确率 %s；覆盖率 %d/%d = %.1f%%%n", who, shown.size(),
                judgedShown, right, wrong, judgedShown == 0 ? "无" : String.format("%.1f%%", 100.0 * right / judgedShown),
                shown.size(), anomalies, 100.0 * shown.size() / Math.max(1, anomalies));
        for (Shown s : unjudged) System.out.printf("  未判断：%s %s p%d 「%s」%n", s.report(), s.indicator(), s.page(), s.sentence());
    }

    private static JsonNode judgment(JsonNode labels, Shown s) {
        for (JsonNode j : labels) {
            if (s.report().contains(j.path("report").asText()) && j.path("indicator").asText().equals(s.indicator())
                    && j.path("sentence").asText().equals(s.sentence())) return j;
        }
        return null;
    }

    private static void dump(Path pdf, List<Shown> shown, String name) throws Exception {
        List<Shown> all = shown.stream().filter(s -> s.report().equals(name)).toList();
        try (var doc = org.apache.pdfbox.pdmodel.PDDocument.load(pdf.toFile())) {
            for (Shown s : all) {
                var strip = new org.apache.pdfbox.text.PDFTextStripper();
                strip.setStartPage(s.page());
                strip.setEndPage(s.page());
                String page = strip.getText(doc).replaceAll("\\s+", "");
                String head = s.sentence().replaceAll("\\s+", "");
                int at = page.indexOf(head.substring(0, Math.min(8, head.length())));
                String context = at < 0 ? page.substring(0, Math.min(400, page.length()))
                        : page.substring(Math.max(0, at - 250), Math.min(page.length(), at + head.length() + 50));
                System.out.printf("=== %s | %s | %s p%d%n句子：%s%n原文：%s%n", name, s.indicator(), s.source(), s.page(), s.sentence(),
                        context);
            }
        }
    }
}
