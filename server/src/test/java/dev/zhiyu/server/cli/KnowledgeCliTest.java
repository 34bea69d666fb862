package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Failure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code zhiyu kg …}: imports with bad-row reports, queries on the tenant's view, read-only SPARQL. */
class KnowledgeCliTest {
    private TestStores stores;
    private Path config;
    private Path dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        stores = TestStores.h2();
        dir = ((TestStores.H2) stores).dir();
        config = dir.resolve("zhiyu.properties");
        Files.writeString(config, "zhiyu.data.dir=" + dir + "\nzhiyu.demo=false\n");
    }

    @AfterEach
    void tearDown() {
        stores.close();
    }

    /** Like ZhiyuCommand.run, with {@code kg} added here until ZhiyuCommand lists it. */
    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new ZhiyuCommand());
            if (!cli.getSubcommands().containsKey("kg")) {
                cli.addSubcommand("kg", new KgCommand());
            }
            cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
                if (ex instanceof Failure) {
                    cmd.getErr().println("错误：" + ex.getMessage());
                    return 2;
                }
                throw ex;
            });
            String[] all = new String[args.length + 2];
            all[0] = "--config";
            all[1] = config.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            int exit = cli.execute(all);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void importQueryAndSparql() throws IOException {
        assertEquals(0, run("tenant", "create", "kg-demo", "--name", "图谱演示").exit());
        Path csv = Files.createDirectories(dir.resolve("kgcsv"));
        Files.writeString(csv.resolve("entities.csv"), """
                kind,code,name
                person,P1,张三
                company,C1,甲公司
                company,C2,乙公司
                """);
        Files.writeString(csv.resolve("shareholdings.csv"), """
                holder,company,equity_pct
                张三,C1,70
                C1,C2,60
                C1,C2,-3
                无名氏,C2,10
                """);
        Run imp = run("kg", "import", "--tenant", "kg-demo", csv.toString());
        assertEquals(1, imp.exit(), imp.err() + imp.out());
        assertTrue(imp.out().contains("已导入 5 条事实，拒绝 2 行"), imp.out());
        assertTrue(imp.out().contains("shareholdings.csv 第 4 行 字段 equity_pct"), imp.out());
        assertTrue(imp.out().contains("shareholdings.csv 第 5 行 字段 holder"), imp.out());

        Run ctl = run("kg", "show", "--tenant", "kg-demo", "controller", "乙公司");
        assertEquals(0, ctl.exit(), ctl.err());
        assertTrue(ctl.out().contains("\"name\" : \"张三\""), ctl.out());
        Run sparql = run("kg", "sparql", "--tenant", "kg-demo",
                "PREFIX zy: <https://zhiyu.dev/kg#> SELECT ?n WHERE { ?c a zy:Company ; zy:name ?n } ORDER BY ?n");
        assertEquals(0, sparql.exit(), sparql.err());
        assertTrue(sparql.out().contains("甲公司") && sparql.out().contains("乙公司"), sparql.out());
        Run update = run("kg", "sparql", "--tenant", "kg-demo", "DROP ALL");
        assertEquals(2, update.exit());
        assertTrue(update.err().contains("SPARQL"), update.err());
    }

    @Test
    void unknownTenantAndCompanyAreClearErrors() {
        Run noTenant = run("kg", "show", "--tenant", "nobody", "profile", "甲公司");
        assertEquals(2, noTenant.exit());
        assertTrue(noTenant.err().contains("nobody"), noTenant.err());
        assertEquals(0, run("tenant", "create", "kg-two", "--name", "二").exit());
        Run noCompany = run("kg", "show", "--tenant", "kg-two", "profile", "甲公司");
        assertEquals(2, noCompany.exit());
        assertTrue(noCompany.err().contains("没有这个主体"), noCompany.err());
    }
}
