package dev.zhiyu.nlp;

import com.hankcs.hanlp.dictionary.other.CharTable;

/**
 * Length-preserving normalisation so that offsets found on the normalised text are offsets in the original:
 * traditional → simplified, full-width → half-width, upper → lower case (HanLP's CharTable), control characters and
 * lone surrogates → space.
 */
final class TextNormalizer {
    private TextNormalizer() {}

    static String normalize(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || c == '\uFEFF' || c == '\u200B') {
                chars[i] = ' ';
            } else {
                chars[i] = CharTable.convert(c);
            }
        }
        return new String(chars);
    }
}
