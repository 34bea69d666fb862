package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The prediction tag: a risk score in [0, 1) from recent events and graph position,
 * {@code 1 − exp(−Σ weight·0.5^(age/halfLife))}. What it can tell: which companies have more, heavier and more recent
 * adverse events (and sit in guarantee circles) than others — a ranking for analysts to look at first. What it cannot:
 * it is not a default probability; the weights are set by hand, not fitted, because no outcome data (defaults,
 * delistings) is available to calibrate against. The evaluation tests only the properties above.
 */
public final class RiskScore {
    /** Weights per event type; others count {@link #OTHER}. */
    static final Map<String, Double> WEIGHTS = Map.of(
            "失信被执行", 2.0, "被执行", 1.2, "行政处罚", 1.0, "诉讼", 0.5, "股权质押", 0.3, "负面新闻", 0.3,
            "实际控制人变更", 0.4, "经营异常", 0.8);
    static final double OTHER = 0.1;
    static final double CIRCLE = 0.5;
    static final int HALF_LIFE_DAYS = 180;

    public record Contribution(String reason, double weight) {
    }

    public record Score(double value, String level, List<Contribution> contributions) {
    }

    private RiskScore() {
    }

    public static Score of(KnowledgeGraph graph, String company, LocalDate asOf) {
        Graph g = (Graph) graph;
        return g.read(() -> {
            int c = g.company(company);
            List<Contribution> parts = new ArrayList<>();
            for (Event e : g.index.events.getOrDefault(c, List.of())) {
                long age = ChronoUnit.DAYS.between(e.date(), asOf);
                if (age < 0) {
                    continue;
                }
                double w = WEIGHTS.getOrDefault(e.type(), OTHER) * Math.pow(0.5, (double) age / HALF_LIFE_DAYS);
                parts.add(new Contribution(e.type() + "（" + e.date() + "）", w));
            }
            if (((GraphRelations) g.relations()).inGuaranteeCircle(c)) {
                parts.add(new Contribution("担保圈成员", CIRCLE));
            }
            double sum = parts.stream().mapToDouble(Contribution::weight).sum();
            double value = 1 - Math.exp(-sum);
            return new Score(value, value >= 0.8 ? "高" : value >= 0.5 ? "中" : "低", parts);
        });
    }
}
