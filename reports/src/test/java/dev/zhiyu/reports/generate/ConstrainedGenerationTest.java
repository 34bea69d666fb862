package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.indicators.Indicator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Constrained decoding on a tiny model trained in seconds: a copied number is always the record being verbalised
 * (indicator, attribute, section, direction word agreeing with its sign), the constraints never refuse a reference
 * text, a decoder forced to prefer a wrong number or direction still cannot write it, and decoding is deterministic.
 */
class ConstrainedGenerationTest {
    private static final List<GeneratorModel.Decoding> CHECKED = List.of(GeneratorModel.Decoding.CONSTRAINED, GeneratorModel.Decoding.BEAM);
    private static Corpus.Base base;
    private static List<Corpus.Pair> train, unseen;
    private static GeneratorModel model;

    @BeforeAll
    static void tinyModel() throws Exception {
        base = TestBases.semiAnnual();
        train = Corpus.training(List.of(base), "没有这份报告", 16);
        model = GeneratorTrainer.train(train, new GeneratorTrainer.Options(5, 8, 3, 1, 16, 1e-2), s -> { });
        unseen = Corpus.perturbed(base, Corpus.EVAL_SEEDS, 12);
    }

    /** Replays a candidate's steps: every copied number must form a relation that states the very record copied. */
    private static int assertEveryCopyStatesItsRecord(PlanDecoder.Candidate c, List<Rec> recs) {
        Relations.Cursor cursor = new Relations.Cursor();
        int numbers = 0;
        for (Net.Step s : c.steps()) {
            if (s.piece() >= 0) {
                cursor.words(model.vocab().piece(s.piece()));
                continue;
            }
            Rec r = recs.get(s.record());
            assertTrue(r.copy() != null, "不复制无文字的记录：" + r);
            if (r.attr() == Rec.Attr.COMPANY || r.attr() == Rec.Attr.TYPE || r.attr() == Rec.Attr.REASON) {
                cursor.words(r.copy());
                continue;
            }
            Relations.Relation rel = cursor.number(r.copy());
            assertTrue(Relations.states(rel, r), "复制的数字必须属于正在叙述的记录：" + r + " ← " + rel + "\n" + c.text());
            numbers++;
        }
        assertTrue(Relations.unsupported(c.text(), recs).isEmpty(), c.text());
        return numbers;
    }

    @Test
    void constrainedCopiesOnlyTheRecordBeingVerbalisedWithTheRightDirection() {
        int numbers = 0;
        for (Corpus.Pair p : unseen) {
            List<Rec> recs = Records.of(p.input());
            PlanDecoder decoder = new PlanDecoder(model.net(), model.vocab());
            for (GeneratorModel.Decoding d : CHECKED) {
                List<PlanDecoder.Candidate> cs = model.decode(p.input(), d, decoder);
                assertFalse(cs.isEmpty());
                assertTrue(cs.size() <= d.beam());
                for (PlanDecoder.Candidate c : cs) numbers += assertEveryCopyStatesItsRecord(c, recs);
                assertNotEquals("relation", NewsGenerator.learned(model, d).attempt(p.input()).reason(), cs.get(0).text());
            }
        }
        assertTrue(numbers > 0, "约束解码仍然复制数字");
    }

    /** The tiny model copied the code and then the type 年度报告: "603598年" is a number no record holds. */
    @Test
    void nothingIsWrittenAfterANumberThatWouldBeReadAsPartOfIt() {
        assertTrue(PlanDecoder.gluesToNumber("引力传媒2023年603598", "年度报告"));
        assertTrue(PlanDecoder.gluesToNumber("营业收入12.5", "%"));
        assertFalse(PlanDecoder.gluesToNumber("引力传媒(603598", ")发布"));
        assertFalse(PlanDecoder.gluesToNumber("引力传媒(603598)", "年度报告"), "after a bracket nothing glues");
        assertFalse(PlanDecoder.gluesToNumber("2023年", "年度报告"));
    }

    @Test
    void decodingIsDeterministicAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        model.save(dir);
        GeneratorModel loaded = GeneratorModel.load(dir);
        for (Corpus.Pair p : unseen.subList(0, 5))
            for (GeneratorModel.Decoding d : List.of(GeneratorModel.Decoding.FREE, GeneratorModel.Decoding.CONSTRAINED, GeneratorModel.Decoding.BEAM)) {
                String first = model.text(p.input(), d);
                assertEquals(first, model.text(p.input(), d), "同一输入两次生成相同：" + d);
                assertEquals(first, loaded.text(p.input(), d), "保存再加载后生成相同：" + d);
                assertEquals(model.candidates(p.input(), d), loaded.candidates(p.input(), d));
            }
        assertEquals(model.text(unseen.get(0).input(), GeneratorModel.Decoding.DEFAULT), model.text(unseen.get(0).input()));
    }

    @Test
    void theConstraintsNeverRefuseAReferenceButRefuseASwappedNumberOrDirection() {
        PlanDecoder decoder = new PlanDecoder(model.net(), model.vocab());
        int checked = 0;
        for (Corpus.Pair p : train) {
            List<Rec> recs = Records.of(p.input());
            Alignment.Aligned a = Alignment.of(p.reference(), recs).orElseThrow();
            assertEquals(-1, decoder.refusal(a.tokens(), a.plan(), recs), "约束不得拒绝参考文本：" + p.reference());
            checked++;
        }
        assertEquals(train.size(), checked);

        Corpus.Pair p = train.get(0);
        List<Rec> recs = Records.of(p.input());
        Alignment.Aligned a = Alignment.of(p.reference(), recs).orElseThrow();
        int revenue = index(recs, Indicator.REVENUE, Rec.Attr.CUR), profit = index(recs, Indicator.NET_PROFIT, Rec.Attr.CUR);
        int at = firstCopyOf(a.tokens(), revenue);
        List<Alignment.Token> swapped = new ArrayList<>(a.tokens());
        swapped.set(at, new Alignment.Token(null, List.of(profit)));
        assertEquals(at, decoder.refusal(swapped, a.plan(), recs), "营业收入处复制净利润的数值被拒绝");

        int growth = index(recs, Indicator.REVENUE, Rec.Attr.YOY);
        Rec g = recs.get(growth);
        assertTrue(g.sign() != 0, g.toString());
        int y = firstCopyOf(a.tokens(), growth);
        String word = a.tokens().get(y - 1).piece();
        String flipped = g.sign() > 0 ? word.replace("增长", "下降") : word.replace("下降", "增长");
        assertNotEquals(word, flipped, "参考文本在数字前写方向词：" + word);
        if (model.vocab().id(flipped) == Vocabulary.UNK) flipped = g.sign() > 0 ? "，同比下降" : "，同比增长";
        assertNotEquals(Vocabulary.UNK, model.vocab().id(flipped), "词表中有相反方向的说法");
        List<Alignment.Token> reversed = new ArrayList<>(a.tokens());
        reversed.set(y - 1, new Alignment.Token(flipped, List.of()));
        assertEquals(y - 1, decoder.refusal(reversed, a.plan(), recs), "与变动符号相反的方向词被拒绝：" + flipped);
    }

    /**
     * A scorer that knows the reference text but, at every number, prefers a number of another indicator most, and
     * at every direction word, the opposite direction: constrained decoding must refuse each wrong choice and
     * fall back on the next best, the reference itself.
     */
    @Test
    void aDecoderForcedToPreferAWrongNumberOrDirectionStillWritesOnlyTheRightOne() {
        int v = model.vocab().size(), forgedNumbers = 0, forgedDirections = 0;
        for (Corpus.Pair p : train.subList(0, 8)) {
            List<Rec> recs = Records.of(p.input());
            Alignment.Aligned a = Alignment.of(p.reference(), recs).orElseThrow();
            List<Alignment.Token> toks = a.tokens();
            List<Integer> plan = a.plan();
            int[] wrong = new int[toks.size() + 1];
            java.util.Arrays.fill(wrong, -1);
            for (int t = 0; t < toks.size(); t++) {
                Alignment.Token tok = toks.get(t);
                if (tok.copy()) {
                    Rec right = recs.get(tok.records().get(0));
                    wrong[t] = plan.stream().filter(i -> recs.get(i).indicator() != null && recs.get(i).indicator() != right.indicator()
                            && recs.get(i).copy() != null && !recs.get(i).copy().equals(right.copy())).findFirst().map(i -> v + plan.indexOf(i)).orElse(-1);
                    if (wrong[t] >= 0) forgedNumbers++;
                } else if (tok.piece().contains("增长") || tok.piece().contains("下降")) {
                    String flipped = tok.piece().contains("增长") ? tok.piece().replace("增长", "下降") : tok.piece().replace("下降", "增长");
                    int id = model.vocab().id(flipped);
                    if (id != Vocabulary.UNK && t + 1 < toks.size() && toks.get(t + 1).copy()) {
                        wrong[t] = id;
                        forgedDirections++;
                    }
                }
            }
            int[] step = {0};
            PlanDecoder.Scorer adversary = (reps, s) -> {
                int t = step[0]++;
                float[] z = new float[v + plan.size()];
                if (t < toks.size()) {
                    Alignment.Token tok = toks.get(t);
                    if (tok.copy()) for (int r : tok.records()) z[v + plan.indexOf(r)] = 30;
                    else z[model.vocab().id(tok.piece())] = 30;
                } else z[Vocabulary.EOS] = 30;
                if (t < wrong.length && wrong[t] >= 0) z[wrong[t]] = 60;
                return z;
            };
            PlanDecoder decoder = new PlanDecoder(model.net(), model.vocab(), adversary);
            Net.Encoded e = new Net.Encoded(new double[recs.size()], plan, new float[plan.size()][model.net().dims.hidden()]);
            List<PlanDecoder.Candidate> cs = decoder.decode(e, recs, 1, model.net().dims.tokens());
            assertEquals(p.reference(), cs.get(0).text(), "每个错误的数值与方向都被拒绝，写出的正是参考文本");
            assertEveryCopyStatesItsRecord(cs.get(0), recs);
            var o = LearnedGenerator.ofCandidates(in -> List.of(cs.get(0).text())).attempt(p.input());
            assertTrue(o.learned(), o.rejections().toString());
        }
        assertTrue(forgedNumbers > 50 && forgedDirections > 10, "对抗确实发生：" + forgedNumbers + " 个数值，" + forgedDirections + " 个方向词");
    }

    @Test
    void theCursorReadsTextBeingWrittenAsRelationsReadsTheFinishedText() {
        List<String> texts = new ArrayList<>();
        for (Corpus.Pair p : train.subList(0, 8)) {
            String t = p.reference();
            texts.add(t);
            texts.add(t.replace("增长", "下降"));
            texts.add(t.replace("营业收入", "总资产").replace("同比", "同比增加"));
            texts.add(t.replace("。", "。「营业收入增长12%，净利润下降3亿元」"));
        }
        texts.add("营业收入1亿元，总资产下降「净利润增长」5%");
        int relations = 0;
        for (String t : texts)
            for (boolean byChar : new boolean[]{false, true}) {
                Relations.Cursor c = new Relations.Cursor();
                int pos = 0;
                for (Relations.Relation rel : Relations.of(t)) {
                    String words = t.substring(pos, rel.start());
                    if (byChar) for (char ch : words.toCharArray()) c.words(String.valueOf(ch));
                    else c.words(words);
                    assertEquals(rel, c.next(rel.span()), t);
                    assertEquals(rel, c.number(rel.span()), t);
                    pos = rel.end();
                    relations++;
                }
            }
        assertTrue(relations > 100, "读到了足够多的数字：" + relations);
    }

    @Test
    void decodingNamesAreCheckedWithAnExplanation() {
        assertEquals(GeneratorModel.Decoding.FREE, GeneratorModel.Decoding.parse("free"));
        assertEquals(GeneratorModel.Decoding.CONSTRAINED, GeneratorModel.Decoding.parse(" Constrained "));
        assertEquals(3, GeneratorModel.Decoding.parse("beam3").beam());
        var e = assertThrows(dev.zhiyu.models.ModelRequestException.class, () -> GeneratorModel.Decoding.parse("sampling"));
        assertTrue(e.getMessage().contains("free"), e.getMessage());
        assertThrows(dev.zhiyu.models.ModelRequestException.class, () -> GeneratorModel.Decoding.parse("beam0"));
        assertThrows(dev.zhiyu.models.ModelRequestException.class, () -> GeneratorModel.Decoding.parse("beam99"));
        assertThrows(dev.zhiyu.models.ModelRequestException.class, () -> new GeneratorModel.Decoding("x", false, 4));
    }

    private static int index(List<Rec> recs, Indicator i, Rec.Attr a) {
        for (int k = 0; k < recs.size(); k++) if (recs.get(k).indicator() == i && recs.get(k).attr() == a) return k;
        throw new AssertionError("没有记录 " + i + " " + a);
    }

    private static int firstCopyOf(List<Alignment.Token> tokens, int record) {
        for (int t = 0; t < tokens.size(); t++) if (tokens.get(t).copy() && tokens.get(t).records().contains(record)) return t;
        throw new AssertionError("参考文本没有复制记录 " + record);
    }
}
