package dev.zhiyu.reports.explain;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Baseline: the statement's subject (the words before 相比/由盈/扭亏/亏损/发生) must appear in the candidate, in full
 * or as its core (without 归属于…的 qualifiers); otherwise the score is the share of the subject's character bigrams
 * the candidate contains, halved.
 */
final class KeywordMatcher implements ExplanationMatcher {
    private static final Pattern SUBJECT_END = Pattern.compile("相比|由盈|扭亏|亏损|发生|同比|较上年|变动");
    private static final Pattern QUALIFIER = Pattern.compile("^(归属于(上市公司|本行|母公司|本公司)?(股东|所有者)的)|^扣除非经常性损益(后)?的?");

    @Override
    public double[] scoreAll(String statement, java.util.List<String> candidates) {
        return candidates.stream().mapToDouble(c -> score(statement, c)).toArray();
    }

    @Override
    public double score(String statement, String candidate) {
        String subject = subject(statement);
        if (subject.isEmpty()) return 0;
        String core = QUALIFIER.matcher(subject).replaceAll("");
        if (candidate.contains(subject) || core.length() >= 2 && candidate.contains(core)) return 1;
        Set<String> grams = bigrams(core);
        if (grams.isEmpty()) return 0;
        long hit = grams.stream().filter(candidate::contains).count();
        return 0.5 * hit / grams.size();
    }

    static String subject(String statement) {
        var m = SUBJECT_END.matcher(statement);
        return m.find() ? statement.substring(0, m.start()) : statement;
    }

    private static Set<String> bigrams(String s) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) out.add(s.substring(i, i + 2));
        return out;
    }

    @Override public String name() { return "keyword"; }
}
