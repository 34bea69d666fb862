package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.news.NumberChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny model trained in seconds: the artifact round-trips, and whatever it writes, what is published checks out. */
class TinyModelTest {
    @Test
    void trainsSavesLoadsAndOnlyPublishesCheckedText(@TempDir Path dir) throws Exception {
        Corpus.Base base = TestBases.semiAnnual();
        List<Corpus.Pair> train = Corpus.training(List.of(base), "没有这份报告", 12);
        var options = new GeneratorTrainer.Options(3, 8, 2, 1, 16, 1e-2);
        GeneratorModel m = GeneratorTrainer.train(train, options, s -> { });
        assertEquals(13, m.metrics().get("trainingPairs"));
        m.save(dir);
        GeneratorModel loaded = GeneratorModel.load(dir);
        assertEquals(m.version(), loaded.version());
        assertEquals(m.vocabulary(), loaded.vocabulary());
        List<Corpus.Pair> unseen = Corpus.perturbed(base, Corpus.EVAL_SEEDS, 15);
        LearnedGenerator g = NewsGenerator.learned(loaded);
        for (Corpus.Pair p : unseen) {
            GenerationInput in = p.input();
            assertEquals(m.text(in), loaded.text(in), "保存再加载后生成相同");
            var o = g.attempt(in);
            List<String> quotes = in.anomalies().stream().filter(x -> x.explanation() != null).map(x -> x.explanation().text()).toList();
            assertTrue(NumberChecker.check(o.draft().headline() + "\n" + o.draft().body(), in.info(), in.indicators(), quotes).isEmpty());
            assertTrue(Relations.unsupported(o.draft().headline() + "\n" + o.draft().body(), Records.of(in)).isEmpty());
        }
        assertEquals(15, g.drafts());
        var r = GeneratorEvaluation.run("tiny", loaded, unseen);
        assertEquals(1.0, r.templates().rgPrecision(), 1e-9, "模板的数字全部归属正确");
        assertEquals(0.0, r.templates().fallbackRate());
        assertEquals(1.0, r.published().rgPrecision(), 1e-9, "发布的文本数字全部正确");
        assertTrue(r.raw().bleu() >= 0 && r.raw().bleu() <= 1 && r.templates().bleu() > 0.5, r.toString());
    }
}
