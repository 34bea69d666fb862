package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.news.NumberChecker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Perturbed training pairs: references pass the checker, align completely, and their orders are first mentions. */
class CorpusTest {
    @Test
    void perturbedReferencesAreCheckedAlignedAndVaried() throws Exception {
        Corpus.Base base = TestBases.semiAnnual();
        List<Corpus.Pair> pairs = Corpus.perturbed(base, 0, 150);
        List<Alignment.Aligned> aligned = new ArrayList<>();
        var situations = new HashSet<Integer>();
        int manyAnomalies = 0;
        for (Corpus.Pair p : pairs) {
            GenerationInput in = p.input();
            assertEquals(List.of(), NumberChecker.check(p.reference(), in.info(), in.indicators(), List.of(),
                    in.anomalies().stream().filter(m -> m.explanation() != null).map(m -> m.explanation().text()).toList()), p.reference());
            List<Rec> recs = Records.of(in);
            assertTrue(Relations.unsupported(p.reference(), recs).isEmpty(), p.reference());
            Alignment.Aligned a = Alignment.of(p.reference(), recs).orElseThrow(() -> new AssertionError("无法对齐：" + p.reference()));
            aligned.add(a);
            StringBuilder rebuilt = new StringBuilder();
            for (Alignment.Token t : a.tokens()) rebuilt.append(t.copy() ? recs.get(t.records().get(0)).copy() : t.piece());
            assertEquals(p.reference(), rebuilt.toString(), "词片与复制拼回原文");
            int last = -1;
            for (int r : a.plan()) {
                Rec rec = recs.get(r);
                int at = rec.copy() != null ? firstCopy(a, r) : -2;
                if (at >= 0) {
                    assertTrue(at >= last, "计划按首次提及排序");
                    last = at;
                }
            }
            recs.forEach(r -> situations.add(r.situation()));
            if (in.anomalies().size() >= 3) manyAnomalies++;
        }
        Vocabulary v = Vocabulary.build(aligned);
        assertTrue(v.pieces().stream().noneMatch(s -> s.chars().anyMatch(Character::isDigit)), "词表里没有数字：数字只能复制");
        assertTrue(situations.size() >= 6, "增长、下降、扭亏、转亏、亏损扩大/收窄都出现：" + situations);
        assertTrue(manyAnomalies > 10 && manyAnomalies < 140, "异动多寡都有：" + manyAnomalies);
    }

    private static int firstCopy(Alignment.Aligned a, int record) {
        for (int i = 0; i < a.tokens().size(); i++) if (a.tokens().get(i).copy() && a.tokens().get(i).records().contains(record)) return i;
        return -1;
    }

    @Test
    void metricsBehaveOnKnownCases() {
        assertEquals(1.0, TextMetrics.bleu(List.of("营业收入45.42亿元，同比增长"), List.of("营业收入45.42亿元，同比增长")), 1e-9);
        assertTrue(TextMetrics.bleu(List.of("营业收入45.42亿元"), List.of("营业收入45.42亿元，同比增长")) < 1.0);
        assertEquals(0.0, TextMetrics.orderDistance(List.of(1, 2, 3), List.of(1, 2, 3)));
        assertEquals(1.0 / 3, TextMetrics.orderDistance(List.of(2, 1, 3), List.of(1, 2, 3)), 1e-9, "一次相邻交换");
        assertEquals(1.0, TextMetrics.orderDistance(List.of(), List.of(1)));
    }

    @Test
    void anApprovedEditLosesThePipelinesMainBusinessParagraphAndAlignsForTraining() throws Exception {
        var pdf = TestBases.pdf("2020-04-16__四方科技");
        var r = new dev.zhiyu.reports.ReportPipeline(new dev.zhiyu.reports.ReportParser(), new dev.zhiyu.reports.indicators.AnomalyDetector(
                dev.zhiyu.reports.indicators.Thresholds.defaults()), dev.zhiyu.reports.explain.ExplanationMatcher.keywords(), false)
                .run(java.nio.file.Files.readAllBytes(pdf), "sifang.pdf");
        assertTrue(!r.report().mainBusiness().isEmpty(), "该报告有主营业务分行业表");
        GenerationInput in = new GenerationInput(r.report().info(), r.report().indicators(), r.report().mainBusiness(), r.matched(), 0);
        String segments = List.of(0, 1).stream().map(v -> dev.zhiyu.reports.news.NewsWriter.mainBusiness(in.business(), v))
                .filter(r.news().body()::contains).findFirst().orElseThrow(() -> new AssertionError("管线发布的正文含主营业务段"));
        Corpus.Pair p = Corpus.approved(in, "业绩快讯｜" + r.news().headline(), r.news().body(), "t:1");
        assertTrue(p.input().business().isEmpty());
        assertTrue(!p.reference().contains(segments), p.reference());
        assertTrue(p.reference().startsWith("业绩快讯｜"));
        assertTrue(Alignment.of(p.reference(), Records.of(p.input())).isPresent(), "编辑后的快讯能对齐，才会进入训练：" + p.reference());
        assertEquals(Corpus.APPROVED_WEIGHT + 1, Corpus.withApproved(List.of(p), List.of(p)).size());
    }
}
