package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;

import java.util.List;

/** What a news generator writes from: the cover, key indicators, main business and explained anomalies. */
public record GenerationInput(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                              List<MatchedAnomaly> anomalies, int variant) {
    public GenerationInput {
        indicators = List.copyOf(indicators);
        business = List.copyOf(business);
        anomalies = List.copyOf(anomalies);
    }
}
