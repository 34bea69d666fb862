package dev.zhiyu.models;

import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.LabeledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** A scenario's intent classifier ({@code intent:<scenario>}), served behind the generic rules. */
final class IntentKind implements JobKind<IntentClassifier, Comparison> {
    private final Supplier<IntentClassifier> fallback;
    private final PromotionRule rule;
    private volatile ModelLifecycle.LiveListener listener = (p, c) -> { };

    IntentKind(Supplier<IntentClassifier> fallback, PromotionRule rule) {
        this.fallback = fallback;
        this.rule = rule;
    }

    void listen(ModelLifecycle.LiveListener l) {
        this.listener = l;
    }

    @Override
    public boolean owns(String purpose) {
        return Purposes.is(Purposes.INTENT, purpose);
    }

    @Override
    public String noun() {
        return "意图模型";
    }

    @Override
    public IntentClassifier load(Path dir) throws IOException {
        return IntentTraining.load(dir);
    }

    @Override
    public void wentLive(String purpose, IntentClassifier model) {
        listener.liveChanged(purpose, model);
    }

    @Override
    public Map<String, String> settings(Map<String, String> hyperParameters) {
        return IntentTraining.Settings.of(hyperParameters).asMap();
    }

    @Override
    public IntentClassifier fallback() {
        return fallback.get();
    }

    @Override
    public IntentClassifier train(List<Example> snapshot, Map<String, String> settings, JobContext ctx, Staging staging)
            throws IOException {
        long held = snapshot.stream().filter(Example::heldOut).count();
        ctx.progress(0.05, "读取数据集快照：" + snapshot.size() + " 条标注，其中 " + held + " 条留作评测");
        IntentTraining.Settings s = IntentTraining.Settings.of(settings);
        ctx.progress(0.1, "开始训练 " + s.kind().id() + "（" + s.options().folds() + " 折校准）");
        IntentModel model = IntentTraining.train(snapshot, s, ctx::isDone);
        ctx.progress(0.7, String.format(Locale.ROOT, "训练完成，校准温度 T=%.3f", model.temperature()));
        model.save(staging.dir());
        return IntentTraining.served(model);
    }

    @Override
    public Map<String, Double> evaluate(IntentClassifier candidate, IntentClassifier baseline, boolean baselineLive,
                                        List<Example> snapshot, JobContext ctx) throws IOException {
        List<LabeledText> evalSet = IntentTraining.evaluationSet(snapshot);
        Evaluation cand = Evaluation.of(candidate, "candidate", evalSet);
        Evaluation base = Evaluation.of(baseline, "live", evalSet);
        Map<String, Double> metrics = new LinkedHashMap<>(cand.metrics(""));
        metrics.putAll(base.metrics(PromotionRule.BASELINE));
        List<Example> heldOut = snapshot.stream().filter(Example::heldOut).toList();
        if (!heldOut.isEmpty()) {
            metrics.put(ModelLifecycle.HELD_OUT_ACCURACY, Evaluation.accuracy(candidate, heldOut));
            metrics.put(PromotionRule.BASELINE + ModelLifecycle.HELD_OUT_ACCURACY, Evaluation.accuracy(baseline, heldOut));
        }
        ctx.progress(0.95, String.format(Locale.ROOT, "评测 %d 条：宏平均 F1 %.4f，准确率 %.4f（线上 %.4f / %.4f）",
                evalSet.size(), cand.macroF1(), cand.accuracy(), base.macroF1(), base.accuracy()));
        return metrics;
    }

    @Override
    public PromotionRule autoRule() {
        return rule;
    }

    @Override
    public Comparison compare(String idA, IntentClassifier a, String idB, IntentClassifier b, List<Example> heldOut)
            throws IOException {
        return Comparisons.compare(idA, a, idB, b, IntentTraining.evaluationSet(heldOut));
    }
}
