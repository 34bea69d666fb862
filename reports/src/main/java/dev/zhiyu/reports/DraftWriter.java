package dev.zhiyu.reports;

import java.util.List;

/** What turns a report's analysis into a news draft: the templates ({@link NewsWriter}) or a learned generator. */
@FunctionalInterface
public interface DraftWriter {
    DraftWriter TEMPLATES = NewsWriter::write;

    NewsWriter.Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                           List<MatchedAnomaly> anomalies, int variant);
}
