package dev.zhiyu.reports;

import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.KeyIndicatorExtractor;
import dev.zhiyu.reports.indicators.RowCheck;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.pdf.PdfText;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The printed total equals its parts: the four quarters of 分季度主要财务指标 add up to the year's figure. */
class QuarterPartsTest {
    @Test
    void theQuartersOfEveryDevelopmentAnnualReportAddUpToTheYear() throws IOException {
        List<Path> annual = new ArrayList<>();
        for (Path dir : List.of(SharedData.pdfs(), SharedData.corpusPdfs()))
            try (var s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches(".*(年度报告|annual).*\\.pdf") && !p.toString().contains("半年度")).forEach(annual::add);
            }
        assertEquals(6, annual.size(), annual.toString());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path pdf : annual) {
            var pages = PdfText.read(Files.readAllBytes(pdf), pdf.getFileName().toString(), Limits.defaults());
            List<KeyIndicator> year = KeyIndicatorExtractor.extract(pages);
            var parts = KeyIndicatorExtractor.quarterParts(pages);
            for (KeyIndicator k : year) {
                if (!parts.containsKey(k.indicator())) continue;
                checked++;
                RowCheck.partsProblem(k, parts.get(k.indicator())).ifPresent(p -> problems.add(pdf.getFileName() + " " + p));
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 20, "应核对至少 20 行，实际 " + checked);
    }

    @Test
    void partsThatDoNotAddUpAreRefused() {
        Value year = new Value(new BigDecimal("100.00"), Unit.YUAN, null);
        KeyIndicator total = new KeyIndicator(Indicator.REVENUE, "营业收入", year, null, null);
        List<Value> quarters = List.of(v("25.00"), v("25.00"), v("25.00"), v("25.00"));
        assertTrue(RowCheck.partsProblem(total, quarters).isEmpty());
        List<Value> slid = List.of(v("25.00"), v("25.00"), v("25.00"), v("52.00"));
        assertTrue(RowCheck.partsProblem(total, slid).orElseThrow().contains("127"), RowCheck.partsProblem(total, slid).orElseThrow());
    }

    private static Value v(String n) {
        return new Value(new BigDecimal(n), Unit.YUAN, null);
    }
}
