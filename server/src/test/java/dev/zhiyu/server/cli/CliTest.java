package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.TenantStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The administration commands do what they say to the databases, and explain mistakes. */
class CliTest {
    private TestStores stores;
    private Path config;


    @BeforeEach
    void setUp() throws IOException {
        stores = TestStores.h2();
        TestStores.H2 h2 = (TestStores.H2) stores;
        config = h2.dir().resolve("zhiyu.properties");
        Files.writeString(config, "zhiyu.data.dir=" + h2.dir()
                + "\nzhiyu.demo=false\nzhiyu.dialog.intent.model=builtin:generic-maxent\n");
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    private CliRun run(String stdin, String... args) {
        return CliRun.run(config, stdin, args);
    }

    @Test
    void tenantKeyAndUserCommandsChangeThePlatform() {
        assertEquals(0, run("", "tenant", "create", "huatai-demo", "--name", "华泰演示").exit());
        CliRun key = run("", "apikey", "create", "--tenant", "huatai-demo", "--name", "对接", "--role", "admin");
        assertEquals(0, key.exit(), key.err());
        Matcher secret = Pattern.compile("zy_[a-z0-9]+_[A-Za-z0-9_-]+").matcher(key.out());
        assertTrue(secret.find(), key.out());
        assertEquals(0, run("long-enough-password\n", "user", "create", "--tenant", "huatai-demo", "--username", "li",
                "--role", "supervisor", "--password-stdin").exit());
        CliRun reset = run("", "user", "password", "--tenant", "huatai-demo", "--username", "li");
        assertEquals(0, reset.exit(), reset.err());
        Matcher newPassword = Pattern.compile("新密码（只显示这一次）：(\\S+)").matcher(reset.out());
        assertTrue(newPassword.find(), reset.out());
        assertEquals(2, run("", "user", "password", "--tenant", "huatai-demo", "--username", "nobody").exit());
        CliRun list = run("", "tenant", "list");
        assertTrue(list.out().contains("huatai-demo") && list.out().contains("ACTIVE"), list.out());

        try (Platform p = Platform.open(stores.config())) {
            long id = p.tenants().get("huatai-demo").id();
            assertEquals("li", p.users().list(id).get(0).username());
            assertTrue(p.sessions().signIn("huatai-demo", "li", newPassword.group(1), "127.0.0.1") != null, "the reset password works");
            assertTrue(p.authenticateKey(secret.group()).isPresent());
            long keyId = p.keys().list(id).get(0).id();
            assertEquals(0, run("", "apikey", "revoke", "--tenant", "huatai-demo", String.valueOf(keyId)).exit());
            assertTrue(p.authenticateKey(secret.group()).isEmpty(), "revoked from the CLI");
            assertEquals(0, run("", "tenant", "disable", "huatai-demo").exit());
            assertEquals(TenantStatus.DISABLED, p.tenants().get("huatai-demo").status());
            CliRun history = run("", "tenant", "history");
            assertTrue(history.out().indexOf("tenant.disable") < history.out().indexOf("tenant.create")
                    && history.out().contains("huatai-demo"), "newest first: " + history.out());
        }
    }

    @Test
    void dialogSimulateAndChatRun() {
        CliRun sim = run("", "dialog", "simulate", "--dialogs", "30", "--cer", "0.1", "--seed", "5");
        assertEquals(0, sim.exit(), sim.err());
        assertTrue(sim.out().contains("任务成功率"), sim.out());
        assertTrue(run("", "dialog", "simulate", "--dst", "2best").exit() != 0);
        assertEquals(0, run("", "tenant", "create", "chatty", "--name", "聊天").exit());
        CliRun chat = run("是我\n", "dialog", "chat", "--tenant", "chatty", "--var", "stop_step=2");
        assertEquals(0, chat.exit(), chat.err());
        assertTrue(chat.out().contains("上传身份证"), chat.out());
    }

    @Test
    void nluAnalyzeAndEvalReport() {
        CliRun analyze = run("", "nlu", "analyze", "明天下午三点打给我，手机13800138000");
        assertEquals(0, analyze.exit(), analyze.err());
        assertTrue(analyze.out().contains("datetime") && analyze.out().contains("mobile"), analyze.out());
        CliRun eval = run("", "nlu", "eval", "--model", "builtin:generic-maxent", "--data", "builtin:generic-heldout");
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("F1") && eval.out().contains("ECE"), eval.out());
        CliRun calibrated = run("", "nlu", "eval", "--model", "builtin:generic-maxent", "--data",
                "builtin:generic-realstyle-test", "--calibrate-on", "builtin:generic-realstyle-calibration");
        assertEquals(0, calibrated.exit(), calibrated.err());
        assertTrue(calibrated.out().contains("重拟合") && calibrated.out().contains("act ≥"), calibrated.out());
        CliRun missing = run("", "nlu", "eval", "--model", "builtin:generic-maxent", "--data", "/no/such/file.tsv");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("/no/such/file.tsv"), missing.err());
    }

    @Test
    void nluCalibrateStoresTheCalibrationWithTheModel() throws IOException {
        Path model = config.getParent().resolve("my-model");
        dev.zhiyu.nlp.IntentModel.load("builtin:generic-maxent").save(model);
        CliRun ok = run("", "nlu", "calibrate", "--model", model.toString(), "--data", "builtin:generic-realstyle-calibration");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("end_call ≥"), ok.out());
        assertTrue(dev.zhiyu.nlp.IntentModel.load(model).calibration().isPresent());
        Path tiny = config.getParent().resolve("tiny.tsv");
        Files.writeString(tiny, "affirm\t是的\ndeny\t不是\n");
        CliRun few = run("", "nlu", "calibrate", "--model", model.toString(), "--data", tiny.toString());
        assertEquals(2, few.exit());
        assertTrue(few.err().contains("至少需要 100 条"), few.err());
        CliRun builtin = run("", "nlu", "calibrate", "--model", "builtin:generic", "--data", "builtin:generic-realstyle-calibration");
        assertEquals(2, builtin.exit());
        assertTrue(builtin.err().contains("jar"), builtin.err());
    }

    @Test
    void mistakesGiveAClearMessageAndANonZeroExit() {
        CliRun badSlug = run("", "tenant", "create", "Bad Slug!", "--name", "x");
        assertEquals(2, badSlug.exit());
        assertTrue(badSlug.err().contains("错误") && badSlug.err().contains("小写字母"), badSlug.err());
        CliRun unknownTenant = run("", "apikey", "create", "--tenant", "nobody", "--name", "k");
        assertEquals(2, unknownTenant.exit());
        assertTrue(unknownTenant.err().contains("nobody"), unknownTenant.err());
        CliRun missingOption = run("", "tenant", "create", "ok-slug");
        assertTrue(missingOption.exit() != 0 && missingOption.err().contains("--name"), missingOption.err());
    }
}
