package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** calls upload, task create|start|pause|resume|stop|stats and fs status, on a tenant's H2 database. */
class TelephonyCliTest {
    private TestStores.H2 h2;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        h2 = (TestStores.H2) TestStores.h2();
        config = h2.dir().resolve("zhiyu.properties");
        Files.writeString(config, "zhiyu.data.dir=" + h2.dir() + "\nzhiyu.demo=false\n");
        try (Platform p = Platform.open(h2.config())) {
            p.startUp();
            p.tenants().create("acme", "甲证券", "test");
        }
    }

    @AfterEach
    void tearDown() {
        h2.close();
    }

    private CliRun run(String... args) {
        return CliRun.run(config, "", args);
    }

    @Test
    void uploadCreateControlAndStats() throws Exception {
        Path csv = h2.dir().resolve("名单.csv");
        Files.writeString(csv, "手机号,customer_name,stop_step\n13800138000,王先生,4\n13800138001,李女士,2\nabc,坏,1\n");
        CliRun up = run("calls", "upload", "--tenant", "acme", "--list", "L1", csv.toString());
        assertEquals(0, up.exit(), up.toString());
        assertTrue(up.out().contains("导入 2") && up.out().contains("第 4 行"), up.out());
        assertTrue(up.out().contains("场景 account-opening-callback：列齐全"), up.out());
        Path nameless = h2.dir().resolve("无姓名.csv");
        Files.writeString(nameless, "手机号,stop_step\n13800138002,1\n");
        CliRun partial = run("calls", "upload", "--tenant", "acme", "--list", "L2", nameless.toString());
        assertTrue(partial.out().contains("缺少必需列 [customer_name]"), partial.out());
        CliRun unfit = run("task", "create", "--tenant", "acme", "--list", "L2");
        assertEquals(2, unfit.exit(), "the CLI checks the list against the tenant's scenario too: " + unfit);
        assertTrue(unfit.err().contains("customer_name"), unfit.err());
        CliRun again = run("calls", "upload", "--tenant", "acme", "--list", "L1", csv.toString());
        assertTrue(again.out().contains("导入 0，重复 2"), again.out());
        Path bad = h2.dir().resolve("x.xlsx");
        Files.writeString(bad, "not a spreadsheet");
        CliRun refused = run("calls", "upload", "--tenant", "acme", bad.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("未导入任何数据"), refused.err());

        CliRun created = run("task", "create", "--tenant", "acme", "--list", "L1", "--window", "08:00-21:00", "--name", "回访");
        assertEquals(0, created.exit(), created.toString());
        Matcher m = Pattern.compile("已创建任务 (t[0-9a-f]{12})").matcher(created.out());
        assertTrue(m.find(), created.out());
        String task = m.group(1);
        assertTrue(run("task", "start", "--tenant", "acme", task).out().contains("RUNNING"));
        assertTrue(run("task", "pause", "--tenant", "acme", task).out().contains("PAUSED"));
        CliRun badResume = run("task", "pause", "--tenant", "acme", task);
        assertEquals(2, badResume.exit());
        assertTrue(badResume.err().contains("已暂停"), badResume.err());
        assertTrue(run("task", "resume", "--tenant", "acme", task).out().contains("RUNNING"));
        assertTrue(run("task", "stop", "--tenant", "acme", task).out().contains("STOPPED"));
        CliRun stats = run("task", "stats", "--tenant", "acme", task);
        assertTrue(stats.out().contains("leads: 2") && stats.out().contains("dialled: 0"), stats.out());
        assertEquals(2, run("task", "stats", "--tenant", "acme", "t000000000000").exit());
        assertEquals(2, run("task", "create", "--tenant", "acme", "--list", "L1", "--window", "9-8").exit());
        CliRun predictive = run("task", "create", "--tenant", "acme", "--list", "L1", "--pacing", "predictive",
                "--agent-queue", "sales@default");
        assertEquals(0, predictive.exit(), predictive.toString());
        CliRun noQueue = run("task", "create", "--tenant", "acme", "--list", "L1", "--pacing", "predictive");
        assertEquals(2, noQueue.exit());
        assertTrue(noQueue.err().contains("坐席队列"), noQueue.err());

        CliRun fs = run("fs", "status");
        assertEquals(0, fs.exit());
        assertTrue(fs.out().contains("演示模式"), fs.out());
    }

    @Test
    void dncAddListRemove() throws Exception {
        CliRun add = run("calls", "dnc", "add", "--tenant", "acme", "--reason", "投诉", "138 0013 8000", "12345");
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().contains("新增 1") && add.out().contains("无效 1") && add.out().contains("第 2 行"), add.out());
        Path csv = h2.dir().resolve("dnc.csv");
        Files.writeString(csv, "手机号\n13800138000\n13800138001\n");
        CliRun file = run("calls", "dnc", "add", "--tenant", "acme", "--file", csv.toString());
        assertTrue(file.out().contains("新增 1，已存在 1"), file.out());
        CliRun list = run("calls", "dnc", "list", "--tenant", "acme");
        assertTrue(list.out().contains("+8613800138000") && list.out().contains("+8613800138001")
                && list.out().contains("共 2 个号码"), list.out());
        assertEquals(0, run("calls", "dnc", "remove", "--tenant", "acme", "13800138000").exit());
        assertTrue(run("calls", "dnc", "list", "--tenant", "acme").out().contains("共 1 个号码"));
        CliRun missing = run("calls", "dnc", "remove", "--tenant", "acme", "13800138000");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("没有"), missing.err());
        assertEquals(2, run("calls", "dnc", "add", "--tenant", "acme").exit(), "numbers or --file required");
        assertEquals(2, run("calls", "dnc", "list", "--tenant", "acme", "--kind", "x").exit());
    }

    @Test
    void callerIdAddListRemove() {
        CliRun none = run("calls", "caller-id", "list", "--tenant", "acme");
        assertTrue(none.out().contains("057188880000") && none.out().contains("未登记"), none.out());
        CliRun add = run("calls", "caller-id", "add", "--tenant", "acme", "--label", "总部", "021-66660000");
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().contains("02166660000"), add.out());
        assertEquals(2, run("calls", "caller-id", "add", "--tenant", "acme", "02166660000").exit(), "already registered");
        assertEquals(2, run("calls", "caller-id", "add", "--tenant", "acme", "123").exit());
        CliRun list = run("calls", "caller-id", "list", "--tenant", "acme");
        assertTrue(list.out().contains("可用主叫号码：02166660000") && !list.out().contains("未登记"), list.out());
        assertEquals(0, run("calls", "caller-id", "remove", "--tenant", "acme", "02166660000").exit());
        assertEquals(2, run("calls", "caller-id", "remove", "--tenant", "acme", "02166660000").exit());
    }

    @Test
    void holidayAddListRemove() {
        CliRun add = run("calls", "holiday", "add", "--tenant", "acme", "--name", "国庆节", "2026-10-01", "2026-10-02");
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().contains("新增 2"), add.out());
        CliRun bad = run("calls", "holiday", "add", "--tenant", "acme", "2026-10-03", "2026-10-32");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("2026-10-32"), bad.err());
        CliRun list = run("calls", "holiday", "list", "--tenant", "acme");
        assertTrue(list.out().contains("2026-10-01\t国庆节") && list.out().contains("共 2 天"), list.out());
        assertEquals(0, run("calls", "holiday", "remove", "--tenant", "acme", "2026-10-01").exit());
        assertEquals(2, run("calls", "holiday", "remove", "--tenant", "acme", "2026-10-01").exit());
        assertTrue(run("calls", "holiday", "list", "--tenant", "acme").out().contains("共 1 天"));
    }
}
