package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who controls a company: votes summed per controlling party (acting-in-concert groups vote together), then the
 * executive partner, more than 50% of votes, the board's majority, or more than 30% with a clear lead. A decision
 * that unknown votes could overturn is left undecided ({@link Uncertainty}).
 */
final class ControlDecider {
    private final GraphIndex g;
    private final OwnershipEngine engine;

    ControlDecider(GraphIndex g, OwnershipEngine engine) {
        this.g = g;
        this.engine = engine;
    }

    /** Decides the companies of one cycle of holdings, repeating until their tops stop moving. */
    void decideCycle(int[] component) {
        for (int round = 0; round <= component.length + 1; round++) {
            boolean changed = false;
            for (int c : component) {
                int before = engine.of(c).top;
                decide(c);
                changed |= before != engine.of(c).top;
            }
            if (!changed) {
                break;
            }
        }
        settleControlLoops(component);
    }

    /**
     * Control can run round a ring (each member controlled by the previous one): then no party is at the top. One
     * member of each such loop is pinned as its own top (CIRCULAR) and every member points at the settled top, so
     * {@code top(top(n)) == top(n)} holds and nothing that follows tops can loop.
     */
    private void settleControlLoops(int[] component) {
        BitSet in = new BitSet();
        for (int c : component) {
            in.set(c);
        }
        for (int c : component) {
            BitSet seen = new BitSet();
            int t = c;
            while (in.get(t) && !seen.get(t) && engine.top(t) != t) {
                seen.set(t);
                t = engine.top(t);
            }
            if (in.get(t) && seen.get(t)) {
                engine.of(t).top = t;
                engine.of(t).basis = ControlBasis.CIRCULAR;
            }
        }
        for (int c : component) {
            int t = c;
            for (int steps = 0; engine.top(t) != t && steps <= component.length; steps++) {
                t = engine.top(t);
            }
            engine.of(c).top = t;
        }
    }

    /** Decides c's controller from its holders' current tops and records it in c's holdings. */
    void decide(int c) {
        Holdings h = engine.of(c);
        Map<Integer, Double> votes = new HashMap<>();
        Map<Integer, Integer> bestHolder = new HashMap<>();
        for (Edge e : g.holders(c)) {
            if (Double.isNaN(e.votes)) {
                continue;
            }
            int k = engine.top(e.holder);
            votes.merge(k, e.votes, Double::sum);
            Integer best = bestHolder.get(k);
            if (best == null || e.votes > votesOf(c, best)) {
                bestHolder.put(k, e.holder);
            }
        }
        actInConcert(c, votes, bestHolder);
        Decision d = choose(c, votes);
        List<String> gaps = new Uncertainty(engine, g, c, votes).gaps(d);
        if (d.basis == ControlBasis.EQUAL_HALVES && gaps.isEmpty()) {
            gaps = List.of(equalHalvesGap(votes));
        }
        if (!gaps.isEmpty()) {
            ControlBasis why = d.basis == ControlBasis.EQUAL_HALVES ? d.basis : ControlBasis.NONE;
            d = new Decision(-1, why, d.votes);
        }
        h.gaps = gaps;
        h.basis = d.basis;
        h.controlVotes = d.votes;
        if (d.key < 0) {
            h.top = c;
            h.via = -1;
            return;
        }
        if (d.key == c) {
            h.top = c;
            h.via = -1;
            h.basis = ControlBasis.CIRCULAR;
            return;
        }
        h.top = d.key;
        Integer via = d.via >= 0 ? Integer.valueOf(d.via) : bestHolder.get(d.key);
        h.via = via != null ? via : d.key;
    }

    /** Parties under a 一致行动协议 on c vote as their group: their tops' votes move to the group node. */
    private void actInConcert(int c, Map<Integer, Double> votes, Map<Integer, Integer> bestHolder) {
        for (var group : g.concerts.getOrDefault(c, Map.of()).entrySet()) {
            double sum = 0;
            double best = -1;
            for (int member : group.getValue()) {
                int k = engine.top(member);
                Double v = votes.remove(k);
                if (v != null) {
                    sum += v;
                    Integer h = bestHolder.remove(k);
                    if (h != null && votesOf(c, h) > best) {
                        best = votesOf(c, h);
                        bestHolder.put(group.getKey(), h);
                    }
                }
            }
            if (sum > 0) {
                votes.merge(group.getKey(), sum, Double::sum);
            }
        }
    }

    /** The group node standing for n on c when n's top acts in concert there, else n's top. */
    private int concertTop(int c, int n) {
        int k = engine.top(n);
        for (var group : g.concerts.getOrDefault(c, Map.of()).entrySet()) {
            for (int member : group.getValue()) {
                if (engine.top(member) == k) {
                    return group.getKey();
                }
            }
        }
        return k;
    }

    private double votesOf(int company, int holder) {
        for (Edge e : g.holders(company)) {
            if (e.holder == holder) {
                return e.votes;
            }
        }
        return 0;
    }

    record Decision(int key, ControlBasis basis, double votes, int via) {
        Decision(int key, ControlBasis basis, double votes) {
            this(key, basis, votes, -1);
        }
    }

    private Decision choose(int c, Map<Integer, Double> votes) {
        int partner = executivePartner(c);
        if (partner >= 0) {
            int k = engine.top(partner);
            return new Decision(k, ControlBasis.EXECUTIVE_PARTNER, votes.getOrDefault(k, 0.0), partner);
        }
        int first = -1;
        double max = 0;
        double second = 0;
        for (var v : votes.entrySet()) {
            if (v.getValue() > max) {
                second = max;
                max = v.getValue();
                first = v.getKey();
            } else if (v.getValue() > second) {
                second = v.getValue();
            }
        }
        if (max > 0.5 + OwnershipEngine.TINY) {
            return new Decision(first, ControlBasis.VOTES_OVER_50, max);
        }
        int board = boardMajority(c);
        if (board >= 0) {
            return new Decision(board, ControlBasis.BOARD_MAJORITY, votes.getOrDefault(board, 0.0));
        }
        if (Math.abs(max - 0.5) <= OwnershipEngine.TINY && Math.abs(second - 0.5) <= OwnershipEngine.TINY) {
            return new Decision(-1, ControlBasis.EQUAL_HALVES, max);
        }
        if (max > 0.3 + OwnershipEngine.TINY && max > second + OwnershipEngine.TINY) {
            return new Decision(first, ControlBasis.VOTES_OVER_30, max);
        }
        return new Decision(-1, ControlBasis.NONE, max);
    }

    /**
     * Policy for 50/50: each party can block every resolution and neither can pass one alone. Whether that is joint
     * control (共同控制) or a deadlock depends on agreements the data does not hold (证券期货法律适用意见第17号: joint
     * control rests on rights and duties set by law or agreement), so the answer names what would decide it.
     */
    private String equalHalvesGap(Map<Integer, Double> votes) {
        List<String> names = new ArrayList<>();
        votes.forEach((k, v) -> {
            if (Math.abs(v - 0.5) <= OwnershipEngine.TINY) {
                names.add(g.entity(k).name());
            }
        });
        names.sort(null);
        return String.join("、", names) + " 各持 50.00% 表决权且未登记一致行动协议：共同控制还是相互制衡无法从数据判断，"
                + "请补充一致行动协议、公司章程的表决安排或公司披露的实际控制人";
    }

    /** The single executive partner of a partnership, or -1 (none, or several: then no one alone). */
    private int executivePartner(int c) {
        int found = -1;
        for (Officer o : g.officersOf(c)) {
            if (o.role() == OfficerRole.EXECUTIVE_PARTNER) {
                int p = g.node(o.person());
                if (found >= 0 && found != p) {
                    return -1;
                }
                found = p;
            }
        }
        return found;
    }

    /** The party whose nominees hold more than half of the board seats, or -1 (also when there is no board data). */
    private int boardMajority(int c) {
        List<Officer> board = new ArrayList<>();
        for (Officer o : g.officersOf(c)) {
            if (o.role().onBoard()) {
                board.add(o);
            }
        }
        Map<Integer, Integer> seats = new HashMap<>();
        for (Officer o : board) {
            if (o.nominatedBy() != null) {
                seats.merge(concertTop(c, g.node(o.nominatedBy())), 1, Integer::sum);
            }
        }
        for (var s : seats.entrySet()) {
            if (s.getValue() * 2 > board.size()) {
                return s.getKey();
            }
        }
        return -1;
    }
}
