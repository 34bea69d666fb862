package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new ZhiyuCommand()).addSubcommand(new CallsCommand())
                    .addSubcommand(new TaskCommand()).addSubcommand(new FsCommand());
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println("错误：" + e.getMessage());
                return 2;
            });
            String[] all = new String[args.length + 2];
            all[0] = "--config";
            all[1] = config.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            int exit = cli.execute(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void uploadCreateControlAndStats() throws Exception {
        Path csv = h2.dir().resolve("名单.csv");
        Files.writeString(csv, "手机号,customer_name,stop_step\n13800138000,王先生,4\n13800138001,李女士,2\nabc,坏,1\n");
        Run up = run("calls", "upload", "--tenant", "acme", "--list", "L1", csv.toString());
        assertEquals(0, up.exit(), up.toString());
        assertTrue(up.out().contains("导入 2") && up.out().contains("第 4 行"), up.out());
        Run again = run("calls", "upload", "--tenant", "acme", "--list", "L1", csv.toString());
        assertTrue(again.out().contains("导入 0，重复 2"), again.out());
        Path bad = h2.dir().resolve("x.xlsx");
        Files.writeString(bad, "not a spreadsheet");
        Run refused = run("calls", "upload", "--tenant", "acme", bad.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("未导入任何数据"), refused.err());

        Run created = run("task", "create", "--tenant", "acme", "--list", "L1", "--window", "08:00-21:00", "--name", "回访");
        assertEquals(0, created.exit(), created.toString());
        Matcher m = Pattern.compile("已创建任务 (t[0-9a-f]{12})").matcher(created.out());
        assertTrue(m.find(), created.out());
        String task = m.group(1);
        assertTrue(run("task", "start", "--tenant", "acme", task).out().contains("RUNNING"));
        assertTrue(run("task", "pause", "--tenant", "acme", task).out().contains("PAUSED"));
        Run badResume = run("task", "pause", "--tenant", "acme", task);
        assertEquals(2, badResume.exit());
        assertTrue(badResume.err().contains("已暂停"), badResume.err());
        assertTrue(run("task", "resume", "--tenant", "acme", task).out().contains("RUNNING"));
        assertTrue(run("task", "stop", "--tenant", "acme", task).out().contains("STOPPED"));
        Run stats = run("task", "stats", "--tenant", "acme", task);
        assertTrue(stats.out().contains("leads: 2") && stats.out().contains("dialled: 0"), stats.out());
        assertEquals(2, run("task", "stats", "--tenant", "acme", "t000000000000").exit());
        assertEquals(2, run("task", "create", "--tenant", "acme", "--list", "L1", "--window", "9-8").exit());

        Run fs = run("fs", "status");
        assertEquals(0, fs.exit());
        assertTrue(fs.out().contains("演示模式"), fs.out());
    }
}
