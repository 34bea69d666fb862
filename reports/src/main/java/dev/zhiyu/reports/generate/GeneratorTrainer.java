package dev.zhiyu.reports.generate;

import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/** Trains a {@link GeneratorModel} on CPU with SameDiff, deterministically for a given seed and data. */
public final class GeneratorTrainer {
    /** {@code minutes} caps the wall time (training stops after the epoch that passes it). */
    public record Options(long seed, int hidden, int epochs, double minutes, int batch, double learningRate) {
        public static Options defaults() {
            return new Options(7, 64, 30, 20, 32, 3e-3);
        }

        public Options withSeed(long s) { return new Options(s, hidden, epochs, minutes, batch, learningRate); }

        public Options withMinutes(double m) { return new Options(seed, hidden, epochs, m, batch, learningRate); }

        public Options withSize(int h, int e) { return new Options(seed, h, e, minutes, batch, learningRate); }
    }

    private GeneratorTrainer() {
    }

    public static GeneratorModel train(List<Corpus.Pair> pairs, Options o, Consumer<String> log) {
        long t0 = System.nanoTime();
        List<Example> all = new ArrayList<>();
        int unaligned = 0;
        for (Corpus.Pair p : pairs) {
            List<Rec> recs = Records.of(p.input());
            var a = Alignment.of(p.reference(), recs);
            if (a.isPresent()) all.add(new Example(recs, a.get()));
            else unaligned++;
        }
        if (all.isEmpty()) throw dev.zhiyu.models.ModelRequestException.invalid("没有可用的训练样本（" + pairs.size() + " 对均无法对齐）");
        Vocabulary vocab = Vocabulary.build(all.stream().map(Example::aligned).toList());
        Dims d = new Dims(Records.FEATURES, o.hidden(), vocab.size(),
                all.stream().mapToInt(e -> e.records().size()).max().orElseThrow(),
                all.stream().mapToInt(e -> e.aligned().plan().size()).max().orElseThrow(),
                all.stream().mapToInt(e -> e.aligned().tokens().size()).max().orElseThrow() + 1);
        log.accept(String.format("样本 %d（无法对齐 %d），词表 %d，记录 ≤%d，计划 ≤%d，词元 ≤%d", all.size(), unaligned,
                vocab.size(), d.records(), d.plan(), d.tokens()));
        dev.zhiyu.nlp.Nd4jThreads.single(); // small matrices: more OpenMP threads only spin on 2 cores
        Nd4j.getRandom().setSeed(o.seed());
        Graph g = new Graph(d, Net.init(d, o.seed()), o.learningRate());
        var probe = Example.batch(all.subList(0, Math.min(all.size(), o.batch())), d, vocab);
        int epoch = 0;
        double lastLoss = Double.NaN;
        Map<String, float[][]> good = Net.init(d, o.seed());
        for (; epoch < o.epochs() && (System.nanoTime() - t0) / 6e10 < o.minutes(); epoch++) {
            Collections.shuffle(all, new Random(o.seed() + epoch));
            for (int i = 0; i < all.size(); i += o.batch())
                g.sd.fit(Example.batch(all.subList(i, Math.min(all.size(), i + o.batch())), d, vocab));
            double loss = g.loss(probe);
            if (!Double.isFinite(loss)) {
                log.accept(String.format("第 %d 轮损失发散（%s），停止训练，保留上一轮的权重", epoch + 1, loss));
                break;
            }
            lastLoss = loss;
            good = g.weights();
            log.accept(String.format("第 %d 轮：探针批损失 %.3f（%.0f 秒）", epoch + 1, loss, (System.nanoTime() - t0) / 1e9));
        }
        Map<String, float[][]> w = good;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("trainingPairs", all.size());
        metrics.put("unalignedPairs", unaligned);
        metrics.put("epochs", epoch);
        metrics.put("finalLoss", lastLoss);
        metrics.put("trainingSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        metrics.put("seed", o.seed());
        metrics.put("hidden", o.hidden());
        String version = "gen-" + Instant.now().toString().replaceAll("[-:]|\\..*", "") + "-s" + o.seed();
        return new GeneratorModel(version, new Net(d, w, vocab.newlines()), vocab, metrics);
    }
}
