package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;

import static dev.zhiyu.nlp.Normalization.Step.CHAR_TABLE;
import static dev.zhiyu.nlp.Normalization.Step.FULLWIDTH_ASCII;
import static dev.zhiyu.nlp.Normalization.Step.LETTERS_AND_DIGITS;
import static dev.zhiyu.nlp.Normalization.Step.LOWER_CASE;
import static dev.zhiyu.nlp.Normalization.Step.NFKC;
import static dev.zhiyu.nlp.Normalization.Step.NO_CONTROLS;
import static dev.zhiyu.nlp.Normalization.Step.NO_WHITESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalizationTest {

    @Test
    void charTableKeepsOffsets() {
        String in = "開戶ＡＢＣ１２３\u0000\u200B😀x";
        String out = CHAR_TABLE.apply(in);
        assertEquals(in.length(), out.length(), "offsets on the result are offsets in the input");
        assertEquals("开户abc123  😀x", out);
    }

    @Test
    void eachStepDoesOneThing() {
        assertEquals("(A1)  —", FULLWIDTH_ASCII.apply("（Ａ１）\u3000 —"));
        assertEquals("(A1)", NFKC.apply("（Ａ１）"));
        assertEquals("中国平安(集团)", NO_WHITESPACE.apply(" 中国 平安\u3000(集团)\t"));
        assertEquals("嗯是我123", LETTERS_AND_DIGITS.apply("嗯，是我……123！"));
        assertEquals("ab", NO_CONTROLS.apply("a\u0007b"));
        assertEquals("abc", LOWER_CASE.apply("AbC"));
    }

    @Test
    void aChainAppliesItsStepsInOrder() {
        Normalization utterance = Normalization.of(NFKC, LETTERS_AND_DIGITS, Normalization.firstCodePoints(3), LOWER_CASE);
        assertEquals("a好😀", Normalization.of(Normalization.firstCodePoints(3)).apply("a好😀b"),
                "code points, not chars: a surrogate pair is never cut");
        assertEquals("ab好", utterance.apply("Ａ，Ｂ 好的"));
        assertEquals("", utterance.apply(null));
    }
}
