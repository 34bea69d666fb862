package dev.zhiyu.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Each development report's code, type and year as its truth file records them, read from its own first pages. */
class CoverIdentityTest {
    @Test
    void everyCorpusReportIsIdentifiedAsItsTruthFileSays() throws Exception {
        var truth = new ObjectMapper().readTree(Files.readString(SharedData.corpusTruth()));
        assertEquals(4, truth.size());
        for (var row : truth) {
            ReportInfo info = SampleReports.parse(SharedData.corpusPdfs().resolve(row.get("file").asText())).info();
            String file = row.get("file").asText();
            assertEquals(row.get("stock_code").asText(), info.code(), file);
            assertNotNull(info.company(), file);
            assertEquals(ReportInfo.ReportType.ANNUAL, info.type(), file + " is " + row.get("report_type").asText());
            assertEquals(row.get("period_end").asText().substring(0, 4), info.period(), file);
        }
    }
}
