package dev.zhiyu.nlp;

import java.util.List;
import java.util.Locale;

/**
 * Intent evaluation on a labelled file. {@code eceUncalibrated} is NaN when the model has no temperature to undo.
 * {@code unknownLabels} counts test examples whose label the model cannot produce (always wrong).
 */
public record EvaluationReport(String model, String data, int examples, double accuracy, double macroF1,
                               List<PerIntent> perIntent, List<Confusion> topConfusions, double ece,
                               double eceUncalibrated, double temperature, int unknownLabels) {

    public record PerIntent(String intent, int support, double precision, double recall, double f1) {}

    /** {@code count} test examples of {@code gold} were classified as {@code predicted}. */
    public record Confusion(String gold, String predicted, int count) {}

    /** A readable report, Chinese first. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "模型：%s%n数据：%s（%d 条）%n", model, data, examples));
        sb.append(String.format(Locale.ROOT, "准确率 accuracy：%.4f%n宏平均 F1 macro-F1：%.4f%n", accuracy, macroF1));
        sb.append(String.format(Locale.ROOT, "期望校准误差 ECE（%d 桶）：%.4f", Calibration.BINS, ece));
        if (!Double.isNaN(eceUncalibrated)) {
            sb.append(String.format(Locale.ROOT, "（未校准 %.4f，温度 T=%.3f）", eceUncalibrated, temperature));
        }
        sb.append('\n');
        if (unknownLabels > 0) sb.append("注意：").append(unknownLabels).append(" 条样本的意图不在模型中，计为错误\n");
        sb.append(String.format(Locale.ROOT, "%n%-22s %7s %7s %7s %7s%n", "意图 intent", "精确率P", "召回率R", "F1", "样本数"));
        for (PerIntent p : perIntent) {
            sb.append(String.format(Locale.ROOT, "%-22s %7.3f %7.3f %7.3f %7d%n", p.intent, p.precision, p.recall, p.f1, p.support));
        }
        sb.append("\n代价最高的混淆（真实 → 预测：次数）：\n");
        if (topConfusions.isEmpty()) sb.append("  （无）\n");
        for (Confusion c : topConfusions) sb.append(String.format("  %s → %s：%d%n", c.gold, c.predicted, c.count));
        return sb.toString();
    }
}
