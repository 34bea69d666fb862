package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.PdfText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The second development folder (four more annual reports, one restated, units in label cells): every key indicator
 * exact and every extracted row consistent with its own printed change. Reads the text layer only (the extractor's
 * input), so the test stays fast.
 */
class CorpusIndicatorsTest {
    private static final Map<Path, List<KeyIndicator>> CACHE = new ConcurrentHashMap<>();

    static List<KeyIndicator> indicators(Path pdf) {
        return CACHE.computeIfAbsent(pdf, p -> {
            try {
                List<PageText> pages = PdfText.read(Files.readAllBytes(p), p.getFileName().toString(), Limits.defaults());
                return KeyIndicatorExtractor.extract(pages);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void everyKeyIndicatorOfTheCorpusIsExactAndEveryRowAgreesWithItself() {
        var result = IndicatorEvaluation.run(SharedData.corpusPdfs(), SharedData.corpusTruth(), CorpusIndicatorsTest::indicators);
        assertEquals(result.total(), result.exact(), result.summary());
        assertEquals(36, result.total(), result.summary());
        assertEquals(0, result.rowCheckFailures(), result.summary());
    }

    /** Six narrow columns (2019 | 2018 调整前 | 调整后 | 增减 | 2017 调整前 | 调整后) set closer than a column gap. */
    @Test
    void restatedTablesTakeTheRestatedPriorYearAndSplitAbuttingAmounts() throws IOException {
        List<KeyIndicator> ks = indicators(SharedData.corpusPdf("000059"));
        KeyIndicator revenue = find(ks, Indicator.REVENUE);
        assertEquals(0, new BigDecimal("39608340979.04").compareTo(revenue.current().number()));
        assertEquals("37,036,329,015.10", revenue.prior().source().text(), "上年数应取调整后列");
        assertEquals(0, new BigDecimal("6.94").compareTo(revenue.change().number()));
        // a narrow per-share value lies under its 调整后 header only once columns are widened to the left
        assertEquals("0.72", find(ks, Indicator.EPS_BASIC).prior().source().text());
    }

    /** 归属于上市公司股东的净 / values / 利润（元）: the label wraps around its values and carries the unit. */
    @Test
    void aLabelWrappedAroundItsValuesWithTheUnitInsideIsOneRow() throws IOException {
        KeyIndicator np = find(indicators(SharedData.corpusPdf("000059")), Indicator.NET_PROFIT);
        assertEquals("归属于上市公司股东的净利润(元)", np.label());
        assertEquals(0, new BigDecimal("992955495.15").compareTo(np.current().number()));
    }

    /** Shenzhen tables print a ratio's change as "2.72%" though it is 14.07% − 11.35%: percentage points. */
    @Test
    void aRatioChangePrintedWithAPercentSignIsPointsWhenItIsTheDifference() throws IOException {
        KeyIndicator roe = find(indicators(SharedData.corpusPdf("002099")), Indicator.ROE);
        assertEquals(Unit.PERCENTAGE_POINT, roe.change().unit());
        assertEquals(0, new BigDecimal("2.72").compareTo(roe.change().number()));
    }

    private static KeyIndicator find(List<KeyIndicator> ks, Indicator i) {
        return ks.stream().filter(k -> k.indicator() == i).findFirst().orElseThrow(() -> new AssertionError(i + " 未抽取到：" + ks));
    }
}
