package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class IntentCascadeTest {
    /** A stand-in model that always prefers "busy", then "deny", then "affirm". */
    static final IntentClassifier MODEL = new IntentClassifier() {
        @Override public List<IntentScore> classify(String text, int n) {
            List<IntentScore> all = List.of(new IntentScore("busy", 0.6, "maxent"), new IntentScore("deny", 0.3, "maxent"),
                    new IntentScore("affirm", 0.1, "maxent"));
            return all.subList(0, Math.min(n, all.size()));
        }
        @Override public Set<String> intents() { return Set.of("busy", "deny", "affirm"); }
    };

    static IntentRules rules() throws Exception {
        return IntentRules.parse(new StringReader("""
                # comment
                human\trequest_human\t10\tkeyword:转人工|人工客服\t0.9
                no\tdeny\t5\tregex:^不是$
                anything-deny\tdeny\t1\tkeyword:客服
                """), "r.tsv");
    }

    @Test
    void rulesComeFirstAndTheModelFillsTheRest() throws Exception {
        IntentCascade c = new IntentCascade(rules(), MODEL);
        List<IntentScore> r = c.classify("喂 给我转人工！", 3);
        assertEquals(List.of("request_human", "busy", "deny"), r.stream().map(IntentScore::intent).toList());
        assertEquals("rule:human", r.get(0).source());
        assertEquals(0.9, r.get(0).probability(), 1e-12);
        assertEquals(0.1 * 0.6, r.get(1).probability(), 1e-12);
        assertEquals(1.0, c.classify("转人工", 10).stream().mapToDouble(IntentScore::probability).sum(), 1e-12);
    }

    @Test
    void ruleIntentIsNotRepeatedFromTheModel() throws Exception {
        List<IntentScore> r = new IntentCascade(rules(), MODEL).classify("不是", 5);
        assertEquals(List.of("deny", "busy", "affirm"), r.stream().map(IntentScore::intent).toList());
        assertEquals(0.95, r.get(0).probability(), 1e-12, "default confidence");
        assertEquals(0.05 * 0.6 / 0.7, r.get(1).probability(), 1e-12);
    }

    @Test
    void higherPriorityWinsOverFileOrder() throws Exception {
        assertEquals("request_human", new IntentCascade(rules(), MODEL).classify("人工客服", 1).get(0).intent());
    }

    @Test
    void noRuleHitFallsThroughToTheModel() throws Exception {
        assertEquals(MODEL.classify("x", 2), new IntentCascade(rules(), MODEL).classify("我在开车", 2));
        assertTrue(new IntentCascade(rules(), null).classify("我在开车", 2).isEmpty());
    }

    @Test
    void rulesSeeCleanedText() throws Exception {
        IntentCascade c = new IntentCascade(rules(), MODEL);
        assertEquals("request_human", c.classify("轉 人 工", 1).get(0).intent(), "traditional + spaces");
        assertEquals("deny", c.classify("不是。", 1).get(0).intent(), "punctuation ignored");
    }

    @Test
    void malformedRuleFilesNameTheLine() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IntentRules.parse(new StringReader("a\taffirm\t1\tkeyword:好\nb\tdeny\t1\tregex:(不\n"), "r.tsv"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("正则"), e.getMessage());
        assertEquals(1, assertThrows(DataFormatException.class,
                () -> IntentRules.parse(new StringReader("a\taffirm\tx\tkeyword:好\n"), "r.tsv")).line());
        assertEquals(2, assertThrows(DataFormatException.class,
                () -> IntentRules.parse(new StringReader("a\taffirm\t1\tkeyword:好\na\tdeny\t1\tkeyword:不\n"), "r.tsv")).line());
        assertEquals(1, assertThrows(DataFormatException.class,
                () -> IntentRules.parse(new StringReader("a\taffirm\t1\tcontains:好\n"), "r.tsv")).line());
        assertEquals(1, assertThrows(DataFormatException.class,
                () -> IntentRules.parse(new StringReader("a\taffirm\t1\tkeyword:好\t1.5\n"), "r.tsv")).line());
    }

    @Test
    void shippedGenericRulesParse() {
        IntentRules r = IntentRules.builtinGeneric();
        assertEquals("request_human", r.match("帮我转人工").orElseThrow().intent());
        assertEquals("can_you_hear", r.match("喂喂喂").orElseThrow().intent());
        assertEquals("busy", r.match("我在开车").orElseThrow().intent());
        assertEquals("already_done", r.match("我已经弄好了").orElseThrow().intent());
        assertTrue(r.match("已经弄了好几次了还是不行").isEmpty(), "tried before is not done");
        assertTrue(r.match("视频排队排了好久").isEmpty());
    }

    @Test
    void askingWhetherItIsAHumanServiceIsARobotQuestionNotATransfer() {
        IntentRules r = IntentRules.builtinGeneric();
        assertEquals("ask_is_robot", r.match("你是人工服务吗？").orElseThrow().intent());
        assertEquals("ask_is_robot", r.match("您是人工客服吗").orElseThrow().intent());
        assertEquals("request_human", r.match("我要人工服务").orElseThrow().intent());
        assertEquals("request_human", r.match("你是人工服务吗？给我转人工").orElseThrow().intent());
    }

    @Test
    void sayingItIsMeIsAYesToTheIdentityQuestion() {
        IntentRules r = IntentRules.builtinGeneric();
        for (String yes : new String[] {"我就是", "是我", "对我是", "嗯，我本人", "是本人", "就是我啊"}) {
            assertEquals("affirm", r.match(yes).orElseThrow(() -> new AssertionError(yes)).intent(), yes);
        }
        assertEquals("wrong_person", r.match("我不是，你打错了").orElseThrow().intent());
        assertTrue(r.match("我就是想问一下开户收费吗").isEmpty(), "only a whole answer, not a sentence that starts so");
    }
}
