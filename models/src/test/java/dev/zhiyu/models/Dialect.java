package dev.zhiyu.models;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dialect replies the shipped generic model gets wrong (checked against it), as annotators would correct them. */
final class Dialect {
    static final String PURPOSE = "intent:kaihu";
    static final Map<String, List<String>> BY_INTENT = Map.of(
            "affirm", List.of("要得", "要得要得", "得嘞", "得嘞得嘞", "要得嘛", "得嘞没问题", "要得噻", "中嘞中嘞"),
            "not_interested", List.of("阿拉勿要", "勿要勿要", "拉倒吧", "算球了", "要不得", "不得行", "阿拉勿要哦", "拉倒吧不弄"),
            "ask_identity", List.of("侬是啥人", "侬啥人啊", "你是哪个", "你是哪个嘛", "侬是啥人啊", "你是哪个哦", "侬到底啥人", "你哪个嘛"));

    private Dialect() {
    }

    static List<Correction> corrections(String annotator) {
        List<Correction> out = new ArrayList<>();
        int turn = 0;
        for (var e : BY_INTENT.entrySet()) {
            for (String text : e.getValue()) {
                out.add(new Correction(0, PURPOSE, "s-" + turn, 1, text, e.getKey(), Map.of(), annotator, false,
                        Instant.now()));
                turn++;
            }
        }
        return out;
    }
}
