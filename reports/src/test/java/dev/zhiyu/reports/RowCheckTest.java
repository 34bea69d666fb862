package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowCheckTest {
    @Test
    void everyRowOfTheSampleReportsAgreesWithItsOwnPrintedChange() throws java.io.IOException {
        List<java.nio.file.Path> pdfs;
        try (var s = java.nio.file.Files.list(SharedData.pdfs())) {
            pdfs = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
        assertEquals(4, pdfs.size());
        for (var pdf : pdfs) {
            List<String> problems = SampleReports.parse(pdf).indicators().stream()
                    .flatMap(k -> RowCheck.problem(k).stream()).toList();
            assertEquals(List.of(), problems, pdf.getFileName().toString());
        }
    }

    @Test
    void aPriorYearsValueInTheChangeSlotIsCaught() {
        // 基本每股收益 41.76 vs 37.17: the true change is +12.35%, a row claiming 37.17% contradicts itself
        KeyIndicator eps = row(Indicator.EPS_BASIC, "41.76", "37.17", "37.17", Unit.PERCENT);
        assertTrue(RowCheck.problem(eps).orElseThrow().contains("12.35"), RowCheck.problem(eps).orElseThrow());
        assertTrue(RowCheck.problem(row(Indicator.EPS_BASIC, "41.76", "37.17", "12.35", Unit.PERCENT)).isEmpty());
    }

    @Test
    void ratiosAreCheckedInPercentagePoints() {
        assertTrue(RowCheck.problem(row(Indicator.ROE, "12.50", "10.00", "2.50", Unit.PERCENTAGE_POINT)).isEmpty());
        assertTrue(RowCheck.problem(row(Indicator.ROE, "12.50", "10.00", "25.00", Unit.PERCENTAGE_POINT)).isPresent());
    }

    @Test
    void aLossAgainstALossIsComparedWithTheAbsolutePrior() {
        // -50 against -100: reports print +50% (loss narrowed) by (cur - prior) / |prior|
        assertTrue(RowCheck.problem(row(Indicator.NET_PROFIT, "-50", "-100", "50.00", Unit.PERCENT)).isEmpty());
        assertTrue(RowCheck.problem(row(Indicator.NET_PROFIT, "-50", "-100", "34228", Unit.PERCENT)).isPresent());
    }

    @Test
    void roundingOfFiguresPrintedInMillionsIsAllowedButNoMore() {
        // 1,001 and 1,000 百万元 may be 1,000.5–1,001.5 and 999.5–1,000.5: anything from 0.00% to 0.20% is honest
        assertTrue(RowCheck.problem(millions("1,001", "1,000", "0.15")).isEmpty());
        assertTrue(RowCheck.problem(millions("1,001", "1,000", "0.35")).isPresent());
    }

    @Test
    void aRatioChangePrintedAsPercentMayBeTheRelativeChangeButPointsMustBePoints() {
        assertTrue(RowCheck.problem(row(Indicator.ROE, "12.50", "10.00", "25.00", Unit.PERCENT)).isEmpty());
        assertTrue(RowCheck.problem(row(Indicator.ROE, "12.50", "10.00", "2.50", Unit.PERCENT)).isEmpty());
        assertTrue(RowCheck.problem(row(Indicator.ROE, "12.50", "10.00", "7.00", Unit.PERCENT)).isPresent());
    }

    @Test
    void aWrongSignIsCaughtUnderEitherConvention() {
        assertTrue(RowCheck.problem(row(Indicator.NET_PROFIT, "-50", "-100", "-50.00", Unit.PERCENT)).isEmpty(), "signed prior");
        assertTrue(RowCheck.problem(row(Indicator.REVENUE, "90", "100", "10.00", Unit.PERCENT)).isPresent());
    }

    private static KeyIndicator millions(String cur, String prior, String change) {
        BigDecimal m = BigDecimal.valueOf(1_000_000);
        var box = new dev.zhiyu.reports.pdf.Box(0, 0, 1, 1);
        java.util.function.Function<String, Value> v = t -> new Value(new BigDecimal(t.replace(",", "")).multiply(m), Unit.YUAN,
                new dev.zhiyu.reports.tables.CellRef(1, box, t));
        return new KeyIndicator(Indicator.REVENUE, "营业收入", v.apply(cur), v.apply(prior),
                new Value(new BigDecimal(change), Unit.PERCENT, new dev.zhiyu.reports.tables.CellRef(1, box, change)));
    }

    private static KeyIndicator row(Indicator i, String cur, String prior, String change, Unit changeUnit) {
        return new KeyIndicator(i, i.chinese(), new Value(new BigDecimal(cur), i.unit(), null),
                new Value(new BigDecimal(prior), i.unit(), null), new Value(new BigDecimal(change), changeUnit, null));
    }
}
