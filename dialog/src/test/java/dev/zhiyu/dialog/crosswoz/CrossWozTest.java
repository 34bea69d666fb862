package dev.zhiyu.dialog.crosswoz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossWozTest {
    static final Path VAL = Path.of("../../shared/data/crosswoz/val.json.zip");

    private static Map<String, Map<String, String>> shape() {
        Map<String, Map<String, String>> s = new LinkedHashMap<>();
        s.put("景点", new LinkedHashMap<>(Map.of("名称", "", "周边酒店", "")));
        s.put("酒店", new LinkedHashMap<>(Map.of("名称", "", "酒店设施", "", "周边景点", "")));
        s.put("餐馆", new LinkedHashMap<>(Map.of("推荐菜", "")));
        return s;
    }

    @Test
    void ruleDstFollowsTheAnnotationConventions() {
        String text = "天安门广场周边的酒店，要有中式餐厅和早餐服务，再找能做樟茶鸭和担担面的餐馆";
        Map<String, Map<String, String>> state = CrossWozRuleDst.track(CrossWozRuleDst.empty(shape()), text, List.of(
                new DialogAct("Inform", "景点", "名称", "天安门广场"),
                new DialogAct("Inform", "酒店", "酒店设施-早餐服务", "是"),
                new DialogAct("Inform", "酒店", "酒店设施-中式餐厅", "是"),
                new DialogAct("Inform", "餐馆", "推荐菜", "担担面"),
                new DialogAct("Inform", "餐馆", "推荐菜", "樟茶鸭"),
                new DialogAct("Select", "酒店", "源领域", "景点")));
        assertEquals("", state.get("景点").get("名称"), "a selected source name is not the source's own constraint");
        assertEquals("天安门广场", state.get("酒店").get("周边景点"));
        assertEquals("中式餐厅 早餐服务", state.get("酒店").get("酒店设施"), "joined in the order mentioned");
        assertEquals("樟茶鸭 担担面", state.get("餐馆").get("推荐菜"));
    }

    @Test
    void onTheRealValidationSplitTheScoresAreInTheExpectedRange() throws IOException {
        assertTrue(Files.exists(VAL), "需要 CrossWOZ 数据：" + VAL.toAbsolutePath() + "（../shared/data 应在仓库旁边）");
        List<CrossWozDialog> dialogs = CrossWozDialog.read(VAL).subList(0, 120);
        CrossWozEvaluation.Report r = CrossWozEvaluation.run(dialogs, 3);
        assertTrue(r.jointAccuracyGoldActs() > 0.6, r.format());
        assertTrue(r.actF1() > 0.5, r.format());
        assertTrue(r.jointAccuracyPredictedActs() < r.jointAccuracyGoldActs(), r.format());
    }

    @Test
    void malformedFilesAreRejectedClearly(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[1, 2, 3]");
        assertTrue(assertThrows(IOException.class, () -> CrossWozDialog.read(bad)).getMessage().contains("CrossWOZ"));
        Path noState = dir.resolve("nostate.json");
        Files.writeString(noState, """
                {"1": {"messages": [{"role": "usr", "content": "你好", "dialog_act": []}, {"role": "sys", "content": "好"}]}}""");
        assertTrue(assertThrows(IOException.class, () -> CrossWozDialog.read(noState)).getMessage().contains("sys_state_init"));
        assertThrows(IllegalArgumentException.class, () -> CrossWozEvaluation.run(List.of(), 5));
    }
}
