package dev.zhiyu.reports.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.pdf.Paragraph;
import dev.zhiyu.reports.pdf.Section;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a reason about the anomaly's own indicator, from a place reports state reasons, is ever shown. */
class ExplainerTest {
    private static Anomaly anomaly(Indicator i, String statement) {
        return new Anomaly(i, Anomaly.Kind.SURGE, new BigDecimal("45.2"), Unit.PERCENT, statement, null);
    }

    private static Explanation narrative(String text) {
        return new Explanation(text, null, Explanation.Source.NARRATIVE, 20, "经营情况讨论与分析");
    }

    /** Scores every candidate 0.9: whatever is shown was decided by what is offered, not by the matcher. */
    private static final ExplanationMatcher EAGER = new ExplanationMatcher() {
        @Override
        public double[] scoreAll(String statement, List<String> candidates) {
            return candidates.stream().mapToDouble(c -> 0.9).toArray();
        }

        @Override
        public String name() { return "eager"; }
    };

    @Test
    void anIndicatorIsNamedOnlyByItsOwnWordsNotAsPartOfAnotherIndicator() {
        assertTrue(IndicatorTerms.names("归属于上市公司股东的净利润较上年增长45.2%，主要系销量增加所致", Indicator.NET_PROFIT));
        assertFalse(IndicatorTerms.names("扣除非经常性损益后的净利润下降，主要系政府补助减少", Indicator.NET_PROFIT));
        assertTrue(IndicatorTerms.names("扣除非经常性损益后的净利润下降，主要系政府补助减少", Indicator.NET_PROFIT_DEDUCTED));
        assertFalse(IndicatorTerms.names("加权平均净资产收益率下降2.1个百分点，主要系净利润减少", Indicator.EQUITY));
        assertTrue(IndicatorTerms.names("加权平均净资产收益率下降2.1个百分点，主要系净利润减少", Indicator.ROE));
        assertFalse(IndicatorTerms.names("稀释每股收益减少主要系可转债转股", Indicator.EPS_BASIC));
        assertFalse(IndicatorTerms.names("核心一级资本充足率下降，主要由于风险加权资产增长", Indicator.CAPITAL_ADEQUACY));
        assertTrue(IndicatorTerms.names("经营活动产生的现金流量净额较上年减少，主要系支付的货款增加", Indicator.OPERATING_CASH_FLOW));
        assertFalse(IndicatorTerms.names("营业成本增加主要系原材料价格上涨", Indicator.REVENUE));
    }

    @Test
    void aReasonForAnotherLineIsNeverShownEvenWhenTheMatcherLikesIt() {
        List<Explanation> candidates = List.of(
                new Explanation("主要系原材料价格上涨所致", "营业成本", Explanation.Source.REASON_CELL, 30, ""),
                narrative("销售费用增长，主要系市场推广投入增加所致"),
                narrative("报告期内营业收入同比增长45.2%，主要系新产品放量及海外订单增加所致"));
        MatchedAnomaly revenue = Explainer.explain(anomaly(Indicator.REVENUE, "营业收入相比同期增长了45.2%"), candidates, EAGER);
        assertEquals(candidates.get(2), revenue.explanation());

        MatchedAnomaly cash = Explainer.explain(anomaly(Indicator.OPERATING_CASH_FLOW, "经营活动产生的现金流量净额相比同期增长了45.2%"),
                candidates, EAGER);
        assertNull(cash.explanation(), "no candidate names the cash flow: nothing is said about reasons");
    }

    @Test
    void anIndicatorNamedOnlyInsideTheCauseIsNotWhatTheSentenceExplains() {
        Anomaly cash = anomaly(Indicator.OPERATING_CASH_FLOW, "经营活动产生的现金流量净额相比同期下降了36.63%");
        assertNull(Explainer.explain(cash, List.of(narrative(
                "7、本期现金及现金等价物净增加额比上年同期减少89.65%,主要原因是本报告期经营活动产生的现金流量净额较上期减少。")),
                EAGER).explanation());
        Explanation causeFirst = narrative("由于海外订单下滑，经营活动产生的现金流量净额较上年减少36.63%。");
        assertEquals(causeFirst, Explainer.explain(cash, List.of(causeFirst), EAGER).explanation());
    }

    @Test
    void whyTwoFiguresDifferIsNotWhyOneChanged() {
        Explanation difference = narrative("报告期内公司经营活动产生的现金净流量与本年度净利润存在重大差异的原因说明：净利润32,551.37万元，"
                + "经营活动产生的现金流量净额较大的主要原因是本期收回上期定期存款。");
        assertNull(Explainer.explain(anomaly(Indicator.NET_PROFIT, "归属于上市公司股东的净利润相比同期增长了45.2%"),
                List.of(difference), EAGER).explanation());
    }

    @Test
    void theLayoutsOwnSubjectWinsAndAWeakMatchIsNotShown() {
        Explanation cell = new Explanation("主要系本期收到的税费返还增加", "经营活动产生的现金流量净额", Explanation.Source.REASON_CELL, 12, "");
        Explanation sentence = narrative("经营活动产生的现金流量净额增加，主要系销售回款增加");
        Anomaly a = anomaly(Indicator.OPERATING_CASH_FLOW, "经营活动产生的现金流量净额相比同期增长了45.2%");
        assertEquals(cell, Explainer.explain(a, List.of(sentence, cell), EAGER).explanation());
        ExplanationMatcher doubtful = new ExplanationMatcher() {
            @Override
            public double[] scoreAll(String statement, List<String> c) {
                return c.stream().mapToDouble(x -> 0.3).toArray();
            }

            @Override
            public String name() { return "doubtful"; }
        };
        assertNull(Explainer.explain(a, List.of(sentence), doubtful).explanation(), "below the threshold: not shown");
    }

    /** What a tenant's threshold (and so its judgments' calibration) decides on: the ranked sentences, nothing else. */
    @Test
    void theMatcherRanksOnlySentencesAboutTheIndicatorAndNoneWhenTheLayoutTiesOne() {
        Explanation cell = new Explanation("主要系本期收到的税费返还增加", "经营活动产生的现金流量净额", Explanation.Source.REASON_CELL, 12, "");
        Explanation about = narrative("经营活动产生的现金流量净额增加，主要系销售回款增加");
        Explanation other = narrative("营业收入增长，主要系销量增加");
        Explanation otherCell = new Explanation("主要系原材料价格上涨所致", "营业成本", Explanation.Source.REASON_CELL, 30, "");
        assertEquals(List.of(about), Explainer.ranked(Indicator.OPERATING_CASH_FLOW, List.of(other, about, otherCell)));
        assertEquals(List.of(), Explainer.ranked(Indicator.OPERATING_CASH_FLOW, List.of(about, cell)), "the tied cell is shown as it stands");
        assertEquals(List.of(), Explainer.ranked(Indicator.NET_PROFIT, List.of(other, about, otherCell)));
    }

    @Test
    void aListItemTakenForAHeadingIsJoinedBackToItsSentence() {
        Paragraph cut = new Paragraph(20, "1、本期经营活动产生的现金流量净额比上年同期减少36.63%,主要原因是本报", "告期旅游服务业收入减少,人力资源费用增加。");
        assertEquals("1、本期经营活动产生的现金流量净额比上年同期减少36.63%,主要原因是本报告期旅游服务业收入减少,人力资源费用增加。",
                ExplanationFinder.withSentenceHeading(cut, "第四节经营情况讨论与分析").text());
        assertEquals(cut, ExplanationFinder.withSentenceHeading(cut, cut.section()), "only the first paragraph under it");
        Paragraph titled = new Paragraph(20, "(二)主营业务分析", "营业收入增长主要系销量增加。");
        assertEquals(titled, ExplanationFinder.withSentenceHeading(titled, null), "a real heading stays a heading");
    }

    @Test
    void causalSentencesCountOnlyFromPlacesWhereReportsStateReasons() {
        List<int[]> mdna = ExplanationFinder.mdna(List.of(new Section(1, "第三节 管理层讨论与分析", 10),
                new Section(1, "第六节 重要事项", 40), new Section(1, "第十节 财务报告", 80)));
        assertTrue(ExplanationFinder.reasonPlace(new Paragraph(25, "(二)主营业务分析", "营业收入增长主要系销量增加"), mdna));
        assertFalse(ExplanationFinder.reasonPlace(new Paragraph(45, "诉讼事项", "由于对方未履行合同，公司提起诉讼"), mdna));
        assertTrue(ExplanationFinder.reasonPlace(
                new Paragraph(3, "(三)主要会计数据、财务指标发生变动的情况、原因", "营业收入增长主要系利息收入增加"), mdna));
        assertTrue(ExplanationFinder.reasonPlace(new Paragraph(50, "其他", "净利润下降的主要原因是计提减值"), mdna));
    }
}
