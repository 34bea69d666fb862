package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The link from periodic reports: extracted indicators become company attributes ({@code 指标:<name>:<period>}), and
 * anomalies and flash news become events. The server feeds it from {@code reports}; this module does not depend on it.
 */
public final class ReportLink {
    private ReportLink() {
    }

    /** Indicators of one report period, merged into the company's attributes. */
    public static ImportReport indicators(KnowledgeGraph graph, String company, String period,
                                          Map<String, String> indicators, Provenance source) {
        Entity e = graph.entity(company).orElseThrow(() -> new UnknownEntityException(company));
        Map<String, String> attrs = new HashMap<>(e.attributes());
        indicators.forEach((name, value) -> attrs.put("指标:" + name + ":" + period, value));
        FactBatch b = new FactBatch().entity(source.source(), 1,
                new Entity(e.id(), e.kind(), e.name(), e.formerNames(), attrs, source));
        return graph.load(b);
    }

    /** A report anomaly (e.g. 营业收入同比下降 45%) as an event of type 报告异常. */
    public static ImportReport anomaly(KnowledgeGraph graph, String company, LocalDate date, String title,
                                       Provenance source) {
        return graph.load(new FactBatch().event(source.source(), 1, new Event(company, "报告异常", date, title, source)));
    }

    /** A flash-news item as an event of type 快讯. */
    public static ImportReport news(KnowledgeGraph graph, String company, LocalDate date, String title, Provenance source) {
        return graph.load(new FactBatch().event(source.source(), 1, new Event(company, "快讯", date, title, source)));
    }
}
