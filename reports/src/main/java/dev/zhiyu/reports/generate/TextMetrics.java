package dev.zhiyu.reports.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The text metrics: character BLEU-4 (corpus level), and the normalised Damerau-Levenshtein distance of two orders. */
final class TextMetrics {
    private TextMetrics() {
    }

    /** Corpus BLEU-4 over characters (Chinese is not segmented; numbers count character by character). */
    static double bleu(List<String> hyps, List<String> refs) {
        long[] match = new long[4], total = new long[4];
        long hypLen = 0, refLen = 0;
        for (int i = 0; i < hyps.size(); i++) {
            String h = hyps.get(i), r = refs.get(i);
            hypLen += h.length();
            refLen += r.length();
            for (int n = 1; n <= 4; n++) {
                Map<String, Integer> rc = grams(r, n), hc = grams(h, n);
                for (var e : hc.entrySet()) match[n - 1] += Math.min(e.getValue(), rc.getOrDefault(e.getKey(), 0));
                total[n - 1] += Math.max(0, h.length() - n + 1);
            }
        }
        double logSum = 0;
        for (int n = 0; n < 4; n++) {
            if (match[n] == 0 || total[n] == 0) return 0;
            logSum += Math.log((double) match[n] / total[n]);
        }
        double bp = hypLen >= refLen ? 1 : Math.exp(1 - (double) refLen / Math.max(1, hypLen));
        return bp * Math.exp(logSum / 4);
    }

    private static Map<String, Integer> grams(String s, int n) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= s.length(); i++) m.merge(s.substring(i, i + n), 1, Integer::sum);
        return m;
    }

    /** Damerau-Levenshtein (optimal string alignment) distance divided by the longer length; 0 = same order. */
    static double orderDistance(List<Integer> a, List<Integer> b) {
        int n = a.size(), m = b.size();
        if (n == 0 && m == 0) return 0;
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= m; j++) {
                int cost = a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.get(i - 1).equals(b.get(j - 2)) && a.get(i - 2).equals(b.get(j - 1)))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        return (double) d[n][m] / Math.max(n, m);
    }

    /** [matched, generated, reference] counts of the two mention sets. */
    static int[] overlap(List<Integer> generated, List<Integer> reference) {
        Set<Integer> g = new HashSet<>(generated), r = new HashSet<>(reference);
        Set<Integer> both = new HashSet<>(g);
        both.retainAll(r);
        return new int[]{both.size(), g.size(), r.size()};
    }

    static double percentile(List<Double> xs, double p) {
        if (xs.isEmpty()) return 0;
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100 * s.size()) - 1));
    }
}
