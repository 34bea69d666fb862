package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `models list/train/promote/rollback/compare` through the real command line. */
class ModelsCommandTest {
    private static final Map<String, String> CORRECTIONS = Map.ofEntries(
            Map.entry("要得", "affirm"), Map.entry("要得要得", "affirm"), Map.entry("得嘞", "affirm"),
            Map.entry("得嘞得嘞", "affirm"), Map.entry("要得嘛", "affirm"), Map.entry("要得噻", "affirm"),
            Map.entry("阿拉勿要", "not_interested"), Map.entry("勿要勿要", "not_interested"),
            Map.entry("拉倒吧", "not_interested"), Map.entry("阿拉勿要哦", "not_interested"),
            Map.entry("侬是啥人", "ask_identity"), Map.entry("侬啥人啊", "ask_identity"),
            Map.entry("侬是啥人啊", "ask_identity"), Map.entry("侬到底啥人", "ask_identity"));

    /** Calls of the tenant with the dialect replies, each corrected by a supervisor. */
    private static void annotatedCalls(Path config) {
        ServerConfig c = ServerConfig.load(config, Map.of());
        try (Platform p = Platform.open(c);
             ModelService models = new ModelService(p, c.dataDir(), 1, GenericIntents.memoized("builtin:generic-maxent"),
                     Clock.systemUTC())) {
            Tenant t = p.tenants().get("kaihu");
            DialogService dialogs = new DialogService(p, GenericIntents.memoized("builtin:generic-maxent"), Clock.systemUTC());
            models.connect(dialogs);
            CORRECTIONS.forEach((text, intent) -> {
                String s = dialogs.start(t, "account-opening-callback", "text",
                        Map.of("customer_name", "王先生", "stop_step", "2")).sessionId();
                dialogs.hear(t, s, UserInput.text(text));
                models.annotate(t, s, 1, intent, Map.of(), "user:1 li", false);
            });
            // slot corrections for the ner: recogniser: a value the caller said, typed by the annotator
            for (String text : java.util.List.of("我在同花顺上开的户", "同花顺开户的时候卡住了", "我在东方财富开的户")) {
                String s = dialogs.start(t, "account-opening-callback", "text",
                        Map.of("customer_name", "王先生", "stop_step", "2")).sessionId();
                dialogs.hear(t, s, UserInput.text(text));
                String app = text.contains("同花顺") ? "同花顺" : "东方财富";
                models.annotate(t, s, 1, "other", Map.of("app", app), "user:1 li", false);
            }
        }
    }

    private static String version(CliRun r) {
        Matcher m = Pattern.compile("([0-9a-f-]{36})  CANDIDATE").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    @Test
    void trainPromoteCompareAndRollBackFromTheCommandLine() throws Exception {
        try (TestStores stores = TestStores.h2()) {
            Path dir = ((TestStores.H2) stores).dir();
            Path config = dir.resolve("zhiyu.properties");
            Files.writeString(config, "zhiyu.data.dir=" + dir + "\nzhiyu.demo=false\nzhiyu.dialog.intent.model=builtin:generic-maxent\n");
            assertEquals(0, CliRun.run(config, "", "tenant", "create", "kaihu", "--name", "开户回访").exit());
            assertTrue(CliRun.run(config, "", "models", "list", "--tenant", "kaihu").out().contains("还没有模型版本"));
            assertEquals(2, CliRun.run(config, "", "models", "train", "--tenant", "kaihu",
                    "--scenario", "account-opening-callback").exit(), "no corrections yet");
            annotatedCalls(config);

            String[] fast = {"--param", "folds=3", "--param", "iterations=60"};
            CliRun train = CliRun.run(config, "", concat(new String[] {"models", "train", "--tenant", "kaihu",
                    "--scenario", "account-opening-callback"}, fast));
            assertEquals(0, train.exit(), train.out() + train.err());
            assertTrue(train.out().contains("评测") && train.out().contains("完成"), train.out());
            String v1 = version(train);
            String v2 = version(CliRun.run(config, "", concat(new String[] {"models", "train", "--tenant", "kaihu",
                    "--scenario", "account-opening-callback"}, fast)));

            assertEquals(0, CliRun.run(config, "", "models", "promote", "--tenant", "kaihu", v1).exit());
            CliRun p2 = CliRun.run(config, "", "models", "promote", "--tenant", "kaihu", v2);
            assertTrue(p2.out().contains("已上线") && p2.out().contains("LIVE"), p2.out());
            CliRun back = CliRun.run(config, "", "models", "rollback", "--tenant", "kaihu", "--scenario", "account-opening-callback");
            assertTrue(back.out().contains(v1), back.out());
            CliRun cmp = CliRun.run(config, "", "models", "compare", "--tenant", "kaihu", v1, v2);
            assertEquals(0, cmp.exit(), cmp.err());
            assertTrue(cmp.out().contains("宏平均 F1") && cmp.out().contains("affirm"), cmp.out());
            CliRun list = CliRun.run(config, "", "models", "list", "--tenant", "kaihu");
            assertTrue(list.out().contains(v1 + "  LIVE") && list.out().contains(v2 + "  RETIRED"), list.out());

            String[] crf = {"models", "train", "--tenant", "kaihu", "--scenario", "account-opening-callback", "--kind", "crf"};
            CliRun ner = CliRun.run(config, "", crf);
            assertEquals(0, ner.exit(), ner.out() + ner.err());
            String n1 = version(ner);
            String n2 = version(CliRun.run(config, "", crf));
            assertEquals(0, CliRun.run(config, "", "models", "promote", "--tenant", "kaihu", n1).exit());
            assertEquals(0, CliRun.run(config, "", "models", "promote", "--tenant", "kaihu", n2).exit());
            CliRun nerBack = CliRun.run(config, "", "models", "rollback", "--tenant", "kaihu", "--scenario",
                    "account-opening-callback", "--ner");
            assertTrue(nerBack.out().contains(n1), nerBack.out() + nerBack.err());
            assertTrue(CliRun.run(config, "", "models", "list", "--tenant", "kaihu").out().contains(v1 + "  LIVE"),
                    "rolling back the slot recogniser leaves the intent model live");
            CliRun nerCmp = CliRun.run(config, "", "models", "compare", "--tenant", "kaihu", n1, n2);
            assertEquals(0, nerCmp.exit(), nerCmp.err());
            assertTrue(nerCmp.out().contains("槽位类型") && nerCmp.out().contains("bank"), nerCmp.out());

            CliRun missing = CliRun.run(config, "", "models", "promote", "--tenant", "kaihu", "00000000-0000-0000-0000-000000000000");
            assertEquals(2, missing.exit());
            assertTrue(missing.err().startsWith("错误：没有模型版本"), missing.err());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
