package dev.zhiyu.reports.news;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import java.util.List;

/** What turns a report's analysis into a news draft: the templates ({@link NewsWriter}) or a learned generator. */
@FunctionalInterface
public interface DraftWriter {
    DraftWriter TEMPLATES = NewsWriter::write;

    NewsWriter.Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                           List<MatchedAnomaly> anomalies, int variant);
}
