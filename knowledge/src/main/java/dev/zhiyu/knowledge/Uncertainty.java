package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The votes in one company the data does not place: the unaccounted remainder, holders whose own controller is
 * unknown (open tops), undisclosed shares. A control decision stands only if it holds when all of that unknown mass
 * sides with the strongest rival — the same caution the beneficial-owners answer applies.
 */
final class Uncertainty {
    private final GraphIndex g;
    private final Map<Integer, Double> votes;
    private final List<Integer> open = new ArrayList<>(0);
    private final List<Integer> undisclosed = new ArrayList<>(0);
    private final double remainder;

    Uncertainty(OwnershipEngine engine, GraphIndex g, int c, Map<Integer, Double> votes) {
        this.g = g;
        this.votes = votes;
        double known = 0;
        for (Edge e : g.holders(c)) {
            if (Double.isNaN(e.votes)) {
                undisclosed.add(e.holder);
            } else {
                known += e.votes;
            }
        }
        for (int k : votes.keySet()) {
            if (k != c && engine.undecided(k)) {
                open.add(k);
            }
        }
        double rest = g.entity(c).listed() && undisclosed.isEmpty() ? 0 : Math.max(0, 1 - known);
        remainder = rest > Holdings.INCOMPLETE ? rest : 0;
    }

    static String pct(double v) {
        return String.format("%.2f%%", v * 100);
    }

    /** Empty when the decision holds whatever the unknown votes are, else what is missing. */
    List<String> gaps(ControlDecider.Decision d) {
        if (d.basis() == ControlBasis.EXECUTIVE_PARTNER || d.basis() == ControlBasis.VOTES_OVER_50) {
            return List.of();
        }
        double mass = remainder;
        double rival = 0;
        for (var v : votes.entrySet()) {
            if (v.getKey() == d.key()) {
                continue;
            }
            if (open.contains(v.getKey())) {
                mass += v.getValue();
            } else {
                rival = Math.max(rival, v.getValue());
            }
        }
        if (mass <= Holdings.INCOMPLETE) {
            return List.of();
        }
        double strongest = rival + mass;
        boolean proven = switch (d.basis()) {
            case VOTES_OVER_30 -> d.votes() > strongest + OwnershipEngine.TINY;
            case BOARD_MAJORITY -> strongest <= 0.5 + OwnershipEngine.TINY;
            default -> Math.max(d.votes(), strongest) <= 0.3 + OwnershipEngine.TINY;
        };
        return proven ? List.of() : describe(d.key());
    }

    private List<String> describe(int winner) {
        List<String> gaps = new ArrayList<>();
        for (int k : open) {
            if (k != winner) {
                gaps.add("上层股东数据缺失：" + g.entity(k).name() + "（" + pct(votes.get(k)) + "）");
            }
        }
        if (!undisclosed.isEmpty()) {
            gaps.add("持股比例未披露：" + String.join("、", undisclosed.stream().map(n -> g.entity(n).name()).toList()));
        }
        if (remainder > 0) {
            gaps.add("未登记股东的剩余表决权 " + pct(remainder));
        }
        return gaps;
    }
}
