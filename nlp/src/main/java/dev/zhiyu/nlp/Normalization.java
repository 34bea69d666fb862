package dev.zhiyu.nlp;

import com.hankcs.hanlp.dictionary.other.CharTable;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Text normalisation as a chain of small steps, like the char filters at the head of a Lucene analysis chain. Every
 * module that compares text (intents, entity names, report labels, utterances) builds its chain from these steps.
 * A null text is normalised to the empty string.
 */
public final class Normalization implements UnaryOperator<String> {

    /** One step of a chain. */
    public enum Step implements UnaryOperator<String> {
        /** Unicode compatibility folding: full-width letters, digits and punctuation to ASCII, and more. */
        NFKC {
            @Override
            public String apply(String s) {
                return Normalizer.normalize(s, Normalizer.Form.NFKC);
            }
        },
        /**
         * Length-preserving, so offsets found on the result are offsets in the input: traditional → simplified,
         * full-width → half-width, upper → lower case (HanLP's CharTable); control characters, lone surrogates and
         * invisible separators → space.
         */
        CHAR_TABLE {
            @Override
            public String apply(String s) {
                char[] chars = s.toCharArray();
                for (int i = 0; i < chars.length; i++) {
                    char c = chars[i];
                    if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                        i++;
                    } else if (Character.isSurrogate(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            || c == '\uFEFF' || c == '\u200B') {
                        chars[i] = ' ';
                    } else {
                        chars[i] = CharTable.convert(c);
                    }
                }
                return new String(chars);
            }
        },
        /** Full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space to a space; nothing else changes. */
        FULLWIDTH_ASCII {
            @Override
            public String apply(String s) {
                StringBuilder b = new StringBuilder(s.length());
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    b.append(c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c);
                }
                return b.toString();
            }
        },
        /** Drops every whitespace character, the ideographic space included. */
        NO_WHITESPACE {
            @Override
            public String apply(String s) {
                return keep(s, cp -> !Character.isWhitespace(cp) && cp != '\u3000');
            }
        },
        /** Keeps letters and digits only: no punctuation, spaces or symbols. */
        LETTERS_AND_DIGITS {
            @Override
            public String apply(String s) {
                return keep(s, Character::isLetterOrDigit);
            }
        },
        /** Drops control characters. */
        NO_CONTROLS {
            @Override
            public String apply(String s) {
                return keep(s, cp -> !Character.isISOControl(cp));
            }
        },
        LOWER_CASE {
            @Override
            public String apply(String s) {
                return s.toLowerCase(Locale.ROOT);
            }
        };

        private static String keep(String s, IntPredicate wanted) {
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().filter(wanted).forEach(b::appendCodePoint);
            return b.toString();
        }
    }

    private final List<UnaryOperator<String>> steps;

    private Normalization(List<UnaryOperator<String>> steps) {
        this.steps = steps;
    }

    /** The chain that applies {@code steps} in order. */
    @SafeVarargs
    public static Normalization of(UnaryOperator<String>... steps) {
        return new Normalization(List.of(steps));
    }

    /** A step that keeps the first {@code max} code points: bounds the cost of what follows. */
    public static UnaryOperator<String> firstCodePoints(int max) {
        return s -> s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }

    @Override
    public String apply(String text) {
        String s = text == null ? "" : text;
        for (UnaryOperator<String> step : steps) {
            s = step.apply(s);
        }
        return s;
    }
}
