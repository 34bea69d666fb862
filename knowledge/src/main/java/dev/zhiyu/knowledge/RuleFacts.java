package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The facts a tag rule can test about one company, computed on demand. */
final class RuleFacts {
    private final Graph g;
    private final int c;
    private Controller controller;

    RuleFacts(Graph g, int c) {
        this.g = g;
        this.c = c;
    }

    boolean holds(TagRules.Condition k) {
        Object actual = value(k.field(), k.value());
        if (actual == null) {
            return false;
        }
        if (actual instanceof Double d) {
            double want;
            try {
                want = Double.parseDouble(k.value().replace("%", ""));
            } catch (NumberFormatException e) {
                return false;
            }
            return switch (k.op()) {
                case "=" -> d == want;
                case "!=" -> d != want;
                case ">=" -> d >= want;
                case "<=" -> d <= want;
                case ">" -> d > want;
                default -> d < want;
            };
        }
        boolean eq = actual instanceof List<?> l ? l.contains(k.value()) : actual.toString().equalsIgnoreCase(k.value());
        return switch (k.op()) {
            case "=" -> eq;
            case "!=" -> !eq;
            default -> false;
        };
    }

    private Controller controller() {
        if (controller == null) {
            controller = g.queries().controller(c);
        }
        return controller;
    }

    private Object value(String field, String wanted) {
        Entity e = g.index.entity(c);
        if (field.startsWith("attr.")) {
            return e.attribute(field.substring(5));
        }
        if (field.startsWith("events.")) {
            String[] parts = field.split("\\.");
            return (double) events(parts[1], Integer.parseInt(parts[2]));
        }
        return switch (field) {
            case "controller.kind" -> controller().controller() == null ? "NONE" : controller().controller().kind().name();
            case "controller.votes" -> controller().votes() * 100;
            case "controller.since_days" -> sinceDays();
            case "ownership.missing" -> g.engine.of(c).missing * 100;
            case "listed" -> Boolean.toString(e.listed());
            case "incomplete" -> Boolean.toString(g.engine.of(c).incomplete());
            case "guarantee_circle" -> Boolean.toString(((GraphRelations) g.relations()).inGuaranteeCircle(c));
            case "chain" -> g.index.produces.getOrDefault(c, List.of()).stream()
                    .anyMatch(p -> ProductHierarchy.inChain(g.index, p, wanted)) ? wanted : "";
            default -> null;
        };
    }

    /** Days since the holding that carries control started (null when unknown or nobody controls). */
    private Double sinceDays() {
        int via = g.engine.of(c).via;
        if (via < 0) {
            return null;
        }
        for (Edge e : g.index.holders(c)) {
            if (e.holder == via && e.fact.start() != null) {
                return (double) ChronoUnit.DAYS.between(e.fact.start(), LocalDate.now());
            }
        }
        return null;
    }

    private long events(String type, int days) {
        LocalDate from = LocalDate.now().minusDays(days);
        return g.index.events.getOrDefault(c, List.of()).stream()
                .filter(ev -> ev.type().equals(type) && !ev.date().isBefore(from)).count();
    }
}
