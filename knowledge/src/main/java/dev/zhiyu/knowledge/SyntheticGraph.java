package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated graphs for tests and benchmarks: power-law shareholding (preferential attachment on holding companies),
 * natural persons, 32 state asset bodies heading state-owned groups, listed companies with a public float, deep
 * chains, cross-holding cycles, guarantees with circles, legal representatives and managers. Deterministic per seed.
 * Ids: {@code C<n>} companies, {@code P<n>} persons, {@code S<n>} state bodies.
 */
public final class SyntheticGraph {
    private static final Provenance SRC = new Provenance("合成数据", java.time.LocalDate.of(2025, 1, 1));
    private static final int STATES = 32;
    private static final int CHAINS = 10;
    private static final int CHAIN_DEPTH = 200;

    private final int n;
    private final SplittableRandom rnd;
    private final FactBatch b = new FactBatch();
    private final int persons;
    /** Holder company of every company-held edge so far: sampling from it is preferential attachment. */
    private final List<Integer> holderPool = new ArrayList<>();
    private final List<List<Integer>> heldBy;
    private final double[] reserve;
    private long row;

    private SyntheticGraph(int companies, long seed) {
        this.n = companies;
        this.rnd = new SplittableRandom(seed);
        this.persons = Math.max(10, (int) (companies * 0.8));
        this.heldBy = new ArrayList<>(companies);
        this.reserve = new double[companies];
    }

    public static FactBatch generate(int companies, long seed) {
        if (companies < 10) {
            throw new IllegalArgumentException("至少 10 家企业");
        }
        SyntheticGraph s = new SyntheticGraph(companies, seed);
        s.entities();
        s.holdings();
        s.cycles();
        s.guarantees();
        s.officers();
        return s.b;
    }

    private void entities() {
        for (int i = 0; i < STATES; i++) {
            b.entity("synthetic", ++row, new Entity("S" + i, EntityKind.STATE, i == 0 ? "国务院国资委" : "省国资委" + i,
                    List.of(), Map.of(), SRC));
        }
        for (int i = 0; i < persons; i++) {
            b.entity("synthetic", ++row, new Entity("P" + i, EntityKind.PERSON, "自然人" + i, List.of(), Map.of(), SRC));
        }
        for (int i = 0; i < n; i++) {
            Map<String, String> attrs = listed(i) ? Map.of("listingCode", String.format("%06d", i), "region", region(i))
                    : Map.of("region", region(i));
            b.entity("synthetic", ++row, new Entity("C" + i, EntityKind.COMPANY, "合成企业" + i, List.of(), attrs, SRC));
            heldBy.add(new ArrayList<>(2));
        }
    }

    private static String region(int i) {
        return "地区" + (i % 31);
    }

    private static boolean listed(int i) {
        return i % 200 == 7;
    }

    private boolean chainMember(int i) {
        return i >= n - CHAINS * CHAIN_DEPTH && n >= 10 * CHAINS * CHAIN_DEPTH;
    }

    private void holdings() {
        for (int c = 0; c < n; c++) {
            if (chainMember(c) && (c - (n - CHAINS * CHAIN_DEPTH)) % CHAIN_DEPTH != 0) {
                hold("C" + (c - 1), c, 0.6 + 0.4 * rnd.nextDouble());
                continue;
            }
            double total = listed(c) ? 0.55 : 1.0;
            if (rnd.nextDouble() < 0.002 && c > 100) {
                reserve[c] = 0.1;
                total -= 0.1;
            }
            int k = listed(c) ? 10 : 1 + Math.min(9, geometric(0.45));
            double[] w = new double[k];
            double sum = 0;
            for (int j = 0; j < k; j++) {
                w[j] = Math.pow(rnd.nextDouble(), 2) + 0.01;
                sum += w[j];
            }
            Map<String, Double> picked = new java.util.LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                picked.merge(pickHolder(c), total * w[j] / sum, Double::sum);
            }
            for (var h : picked.entrySet()) {
                hold(h.getKey(), c, h.getValue());
            }
        }
    }

    private int geometric(double p) {
        int k = 0;
        while (rnd.nextDouble() > p) {
            k++;
        }
        return k;
    }

    private String pickHolder(int c) {
        double u = rnd.nextDouble();
        if (c < 2_000 && u < 0.3) {
            return "S" + rnd.nextInt(STATES);
        }
        if (u < 0.5 || c < 10) {
            return "P" + (int) Math.min(persons - 1, Math.abs(rnd.nextDouble() * rnd.nextDouble()) * persons);
        }
        if (!holderPool.isEmpty() && rnd.nextDouble() < 0.6) {
            return "C" + holderPool.get(rnd.nextInt(holderPool.size()));
        }
        return "C" + rnd.nextInt(c);
    }

    private void hold(String holder, int c, double share) {
        b.shareholding("synthetic", ++row, new Shareholding(holder, "C" + c, round(share), null, null, null, null, SRC));
        if (holder.startsWith("C")) {
            int h = Integer.parseInt(holder.substring(1));
            holderPool.add(h);
            heldBy.get(h).add(c);
        }
    }

    private static double round(double share) {
        return Math.floor(share * 1e6) / 1e6;
    }

    /** Cross-holdings: a company below c (1–3 levels down) takes c's reserved 10%. */
    private void cycles() {
        for (int c = 0; c < n; c++) {
            if (reserve[c] == 0) {
                continue;
            }
            int at = c;
            for (int d = 0, depth = 1 + rnd.nextInt(3); d < depth && !heldBy.get(at).isEmpty(); d++) {
                at = heldBy.get(at).get(rnd.nextInt(heldBy.get(at).size()));
            }
            if (at != c) {
                b.shareholding("synthetic", ++row, new Shareholding("C" + at, "C" + c, reserve[c], null, null, null, null, SRC));
            }
        }
    }

    private void guarantees() {
        for (int i = 0; i < n / 3; i++) {
            int a = rnd.nextInt(n);
            int d = rnd.nextInt(n);
            if (a != d) {
                guarantee(a, d);
            }
        }
        for (int i = 0; i < n / 1_000; i++) {
            int a = rnd.nextInt(n);
            int x = rnd.nextInt(n);
            int y = rnd.nextInt(n);
            if (a != x && x != y && y != a) {
                guarantee(a, x);
                guarantee(x, y);
                guarantee(y, a);
            }
        }
    }

    private void guarantee(int a, int d) {
        b.guarantee("synthetic", ++row, new Guarantee("C" + a, "C" + d, 1e6 * (1 + rnd.nextInt(100)), false, null, SRC));
    }

    private void officers() {
        for (int c = 0; c < n; c++) {
            String p = "P" + rnd.nextInt(persons);
            b.officer("synthetic", ++row, new Officer(p, "C" + c, OfficerRole.LEGAL_REPRESENTATIVE, null, SRC));
            b.officer("synthetic", ++row, new Officer(rnd.nextBoolean() ? p : "P" + rnd.nextInt(persons), "C" + c,
                    OfficerRole.MANAGER, null, SRC));
        }
    }
}
