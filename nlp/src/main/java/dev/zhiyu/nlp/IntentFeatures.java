package dev.zhiyu.nlp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sparse features for the maxent model: HanLP word unigrams and bigrams plus character 1-3-grams of the normalised
 * text with spaces and punctuation removed. Character n-grams carry most of the weight for short, noisy ASR text
 * (homophone errors break words but keep neighbouring characters).
 */
final class IntentFeatures {
    private static final Segmenter SEGMENTER = Segmenter.hanlp(TenantDictionary.withFinanceTerms());
    static final int MAX_CHARS = 512;

    private IntentFeatures() {}

    static String clean(String text) {
        String s = Normalization.Step.CHAR_TABLE.apply(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(cp -> Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.OTHER_SYMBOL)
                .forEach(sb::appendCodePoint);
        return sb.toString();
    }

    static String[] of(String text) {
        String s = clean(text);
        Set<String> f = new LinkedHashSet<>();
        f.add("bias");
        int[] cps = s.codePoints().toArray();
        f.add("len=" + Math.min(cps.length, 12) / 3);
        for (int i = 0; i < cps.length; i++) {
            f.add("c=" + str(cps, i, 1));
            if (i + 1 < cps.length) f.add("c2=" + str(cps, i, 2));
            if (i + 2 < cps.length) f.add("c3=" + str(cps, i, 3));
        }
        if (cps.length > 0) {
            f.add("first=" + str(cps, 0, 1));
            f.add("last=" + str(cps, cps.length - 1, 1));
        }
        List<String> words = new ArrayList<>();
        for (Token t : SEGMENTER.segment(s)) words.add(t.word());
        for (int i = 0; i < words.size(); i++) {
            f.add("w=" + words.get(i));
            f.add("w2=" + (i == 0 ? "^" : words.get(i - 1)) + "_" + words.get(i));
        }
        if (!words.isEmpty()) f.add("w2=" + words.get(words.size() - 1) + "_$");
        return f.toArray(String[]::new);
    }

    private static String str(int[] cps, int from, int n) { return new String(cps, from, n); }
}
