package dev.zhiyu.reports.explain;

import dev.zhiyu.nlp.SentenceEncoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BgeMatcherTest {
    @Test
    void shippedHeadGivesDeterministicProbabilitiesPerCandidate() {
        // quality is measured on held-out documents by MatcherEvalMain (see README), not asserted on hand-picked cases
        BgeMatcher m = BgeMatcher.shipped(SentenceEncoder.bgeSmallZh());
        List<String> candidates = List.of("主要系本期利息支出增加及汇兑收益减少所致", "主要系本期电商营销业务及社交业务的增长所致",
                "主要系员工薪酬减少所致", "主要系本期取得银行贷款增加所致");
        double[] s = m.scoreAll("财务费用相比同期发生较大变动", candidates);
        assertEquals(candidates.size(), s.length);
        assertTrue(java.util.Arrays.stream(s).allMatch(x -> x > 0 && x < 1), java.util.Arrays.toString(s));
        assertTrue(java.util.Arrays.equals(s, m.scoreAll("财务费用相比同期发生较大变动", candidates)), "同样输入同样分数");
        double named = m.score("营业收入相比同期增长了53.84%", "营业收入增长主要系电商营销业务增长所致");
        double unnamed = m.score("营业收入相比同期增长了53.84%", "主要系员工薪酬减少所致");
        assertTrue(named > unnamed, named + " vs " + unnamed);
    }

    @Test
    void headTextRoundTripsAndRejectsWrongShapes() {
        BgeMatcher m = BgeMatcher.shipped(SentenceEncoder.bgeSmallZh());
        assertEquals(m.headText(), BgeMatcher.load(SentenceEncoder.bgeSmallZh(), m.headText()).headText());
        assertThrows(IllegalArgumentException.class, () -> BgeMatcher.load(SentenceEncoder.bgeSmallZh(), "1\n2\n"));
    }
}
