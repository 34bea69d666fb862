package dev.zhiyu.models;

import dev.zhiyu.nlp.AnnotatedSentence;
import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.EntityRecognizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A scenario's slot entity recogniser ({@code ner:<scenario>}): a CRF trained on the slot corrections. */
final class NerKind implements JobKind<EntityRecognizer, NerComparison> {
    private static final List<String> FILES = List.of("crf-slots.bin", "crf-slots.types", "crf-slots.data.sha256");
    private final PromotionRule rule = NerPromotionRule.defaults();
    private volatile ModelLifecycle.EntityListener listener = (p, r) -> { };

    void listen(ModelLifecycle.EntityListener l) {
        this.listener = l;
    }

    @Override
    public boolean owns(String purpose) {
        return Purposes.is(Purposes.NER, purpose);
    }

    @Override
    public String noun() {
        return "实体识别模型";
    }

    @Override
    public EntityRecognizer load(Path dir) throws IOException {
        return NerTraining.load(dir);
    }

    @Override
    public void wentLive(String purpose, EntityRecognizer model) {
        listener.liveChanged(purpose, model);
    }

    @Override
    public Map<String, String> settings(Map<String, String> hyperParameters) {
        return NerTraining.Settings.of(hyperParameters).asMap();
    }

    /** Too few corrections to train on alone: said when the job is asked for, not in a failed job. */
    @Override
    public void checkData(List<Example> snapshot, Map<String, String> settings) {
        NerTraining.trainingData(snapshot, NerTraining.Settings.of(settings));
    }

    @Override
    public EntityRecognizer fallback() {
        return NerTraining.served(CrfSlotRecognizer.builtin());
    }

    /**
     * HanLP's CRF trainer never looks at the job, so it trains into a private folder; the result is moved into
     * staging under the job's lock only if the job is still wanted. A cancelled or timed-out training runs on to its
     * end in the background (its slot stays taken until then) and its files are thrown away.
     */
    @Override
    public EntityRecognizer train(List<Example> snapshot, Map<String, String> settings, JobContext ctx, Staging staging)
            throws IOException {
        NerTraining.Settings s = NerTraining.Settings.of(settings);
        List<AnnotatedSentence> data = NerTraining.trainingData(snapshot, s);
        ctx.progress(0.05, "读取数据集快照：训练纠正 " + NerTraining.sentences(snapshot, false).size() + " 条，留作评测 "
                + NerTraining.sentences(snapshot, true).size() + " 条；" + NerTraining.skipped(snapshot)
                + " 个槽位值不在话语中（或槽位名无效），已跳过");
        ctx.progress(0.1, "开始训练 CRF 槽位识别（" + data.size() + " 句，" + (s.shippedBase() ? "内置标注句加纠正" : "只用纠正")
                + "）；CRF 训练中途不能停止，取消或超时后其结果会被丢弃");
        Path scratch = Files.createTempDirectory("zhiyu-ner-");
        CrfSlotRecognizer crf;
        try {
            crf = CrfSlotRecognizer.train(data, scratch);
            synchronized (ctx) { // a cancellation now either came first (nothing staged) or waits until staged
                ctx.checkCancelled();
                Path dir = staging.dir();
                for (String f : FILES) {
                    Files.copy(scratch.resolve(f), dir.resolve(f));
                }
            }
        } finally {
            deleteTree(scratch);
        }
        ctx.progress(0.7, "训练完成，槽位类型：" + crf.types());
        return NerTraining.served(crf);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public Map<String, Double> evaluate(EntityRecognizer candidate, EntityRecognizer baseline, boolean baselineLive,
                                        List<Example> snapshot, JobContext ctx) {
        List<AnnotatedSentence> evalSet = NerTraining.evaluationSet(snapshot);
        NerEvaluation cand = NerEvaluation.of(candidate, evalSet);
        NerEvaluation base = NerEvaluation.of(baseline, evalSet);
        Map<String, Double> metrics = new LinkedHashMap<>(cand.metrics(""));
        metrics.putAll(base.metrics(PromotionRule.BASELINE));
        List<AnnotatedSentence> heldOut = NerTraining.sentences(snapshot, true);
        if (!heldOut.isEmpty()) {
            metrics.put(ModelLifecycle.HELD_OUT_F1, NerEvaluation.of(candidate, heldOut).f1());
            metrics.put(PromotionRule.BASELINE + ModelLifecycle.HELD_OUT_F1, NerEvaluation.of(baseline, heldOut).f1());
        }
        ctx.progress(0.95, String.format(Locale.ROOT, "评测 %d 句：槽位宏平均 F1 %.4f（P %.4f R %.4f）；%s %.4f（P %.4f R %.4f）",
                evalSet.size(), cand.macroF1(), cand.precision(), cand.recall(),
                baselineLive ? "线上版本" : "内置 CRF 识别器", base.macroF1(), base.precision(), base.recall()));
        return metrics;
    }

    @Override
    public PromotionRule autoRule() {
        return rule;
    }

    @Override
    public NerComparison compare(String idA, EntityRecognizer a, String idB, EntityRecognizer b, List<Example> heldOut) {
        return NerComparison.of(idA, a, idB, b, NerTraining.evaluationSet(heldOut));
    }
}
