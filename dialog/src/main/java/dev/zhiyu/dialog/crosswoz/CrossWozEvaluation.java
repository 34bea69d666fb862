package dev.zhiyu.dialog.crosswoz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores on CrossWOZ-format data: dialog-act F1 of the NLU (k-fold by dialog, trained inside the file), and DST
 * joint accuracy — the tracked state equals {@code sys_state_init} after each user turn — from gold acts and from
 * predicted acts.
 */
public final class CrossWozEvaluation {

    public record Report(int dialogs, int userTurns, int folds, double actPrecision, double actRecall, double actF1,
                         double jointAccuracyGoldActs, double jointAccuracyPredictedActs) {
        public String format() {
            return String.format("""
                    CrossWOZ：%d 段对话，%d 个用户轮，%d 折交叉验证（按对话划分）
                    对话行为 P %.2f  R %.2f  F1 %.2f
                    状态跟踪联合准确率（标注行为）%.2f
                    状态跟踪联合准确率（预测行为）%.2f
                    """, dialogs, userTurns, folds, 100 * actPrecision, 100 * actRecall, 100 * actF1,
                    100 * jointAccuracyGoldActs, 100 * jointAccuracyPredictedActs);
        }
    }

    private CrossWozEvaluation() {
    }

    public static Report run(List<CrossWozDialog> dialogs, int folds) {
        if (folds < 2 || dialogs.size() < folds) {
            throw new IllegalArgumentException("至少需要 2 折，且对话数不少于折数");
        }
        long tp = 0;
        long predicted = 0;
        long gold = 0;
        int jointGold = 0;
        int jointPredicted = 0;
        int turns = 0;
        for (int k = 0; k < folds; k++) {
            List<CrossWozDialog> train = new ArrayList<>();
            List<CrossWozDialog> test = new ArrayList<>();
            for (int i = 0; i < dialogs.size(); i++) {
                (i % folds == k ? test : train).add(dialogs.get(i));
            }
            CrossWozNlu nlu = CrossWozNlu.train(train);
            for (CrossWozDialog d : test) {
                for (CrossWozDialog.UserTurn t : d.turns()) {
                    turns++;
                    List<DialogAct> guess = nlu.parse(t.text());
                    Set<DialogAct> g = new HashSet<>(t.acts());
                    Set<DialogAct> p = new HashSet<>(guess);
                    gold += g.size();
                    predicted += p.size();
                    p.retainAll(g);
                    tp += p.size();
                    Map<String, Map<String, String>> base = t.previousQuery() != null ? t.previousQuery()
                            : CrossWozRuleDst.empty(t.state());
                    jointGold += CrossWozRuleDst.track(base, t.text(), t.acts()).equals(t.state()) ? 1 : 0;
                    jointPredicted += CrossWozRuleDst.track(base, t.text(), guess).equals(t.state()) ? 1 : 0;
                }
            }
        }
        double precision = predicted == 0 ? 0 : (double) tp / predicted;
        double recall = gold == 0 ? 0 : (double) tp / gold;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Report(dialogs.size(), turns, folds, precision, recall, f1, (double) jointGold / turns,
                (double) jointPredicted / turns);
    }
}
