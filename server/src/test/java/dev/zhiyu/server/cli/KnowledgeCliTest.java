package dev.zhiyu.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.server.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code zhiyu kg …}: imports with bad-row reports, queries on the tenant's view, read-only SPARQL. */
class KnowledgeCliTest {
    private TestStores stores;
    private Path config;
    private Path dir;

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

    private CliRun run(String... args) {
        return CliRun.run(config, "", args);
    }

    @Test
    void importQueryAndSparql() throws IOException {
        assertEquals(0, run("tenant", "create", "kg-demo", "--name", "图谱演示").exit());
        Path csv = Files.createDirectories(dir.resolve("kgcsv"));
        Files.writeString(csv.resolve("entities.csv"), """
                kind,code,name
                person,P1,张三
                person,P2,李四
                company,C1,甲公司
                company,C2,乙公司
                """);
        Files.writeString(csv.resolve("shareholdings.csv"), """
                holder,company,equity_pct
                张三,C1,70
                C1,C2,60
                C1,C2,-3
                无名氏,C2,10
                李四,C1,30.01
                """);
        CliRun imp = run("kg", "import", "--tenant", "kg-demo", csv.toString());
        assertEquals(1, imp.exit(), imp.err() + imp.out());
        assertTrue(imp.out().contains("已导入 7 条事实，拒绝 2 行"), imp.out());
        assertTrue(imp.out().contains("注意：shareholdings.csv 第 6 行") && imp.out().contains("100.01%"), imp.out());
        assertTrue(imp.out().contains("shareholdings.csv 第 4 行 字段 equity_pct"), imp.out());
        assertTrue(imp.out().contains("shareholdings.csv 第 5 行 字段 holder"), imp.out());

        CliRun ctl = run("kg", "show", "--tenant", "kg-demo", "controller", "乙公司");
        assertEquals(0, ctl.exit(), ctl.err());
        assertTrue(ctl.out().contains("\"name\" : \"张三\""), ctl.out());
        CliRun sparql = run("kg", "sparql", "--tenant", "kg-demo",
                "PREFIX zy: <https://zhiyu.dev/kg#> SELECT ?n WHERE { ?c a zy:Company ; zy:name ?n } ORDER BY ?n");
        assertEquals(0, sparql.exit(), sparql.err());
        assertTrue(sparql.out().contains("甲公司") && sparql.out().contains("乙公司"), sparql.out());
        CliRun update = run("kg", "sparql", "--tenant", "kg-demo", "DROP ALL");
        assertEquals(2, update.exit());
        assertTrue(update.err().contains("SPARQL"), update.err());
    }

    @Test
    void unknownTenantAndCompanyAreClearErrors() {
        CliRun noTenant = run("kg", "show", "--tenant", "nobody", "profile", "甲公司");
        assertEquals(2, noTenant.exit());
        assertTrue(noTenant.err().contains("nobody"), noTenant.err());
        assertEquals(0, run("tenant", "create", "kg-two", "--name", "二").exit());
        CliRun noCompany = run("kg", "show", "--tenant", "kg-two", "profile", "甲公司");
        assertEquals(2, noCompany.exit());
        assertTrue(noCompany.err().contains("没有这个主体"), noCompany.err());
    }

    /** The server (another process) holds the graph stores: every kg command says so plainly, exit 3, no stack trace. */
    @Test
    void commandsBesideARunningServerSayTheyNeedTheApi() throws Exception {
        assertEquals(0, run("tenant", "create", "kg-busy", "--name", "占用").exit());
        Path tenantKg = dir.resolve("tenants/kg-busy/kg");
        Path referenceKg = dir.resolve("reference/kg");
        Files.createDirectories(tenantKg);
        Files.createDirectories(referenceKg);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HoldStore.class.getName(), tenantKg.toString(), referenceKg.toString()).redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
            String first = lines.readLine();
            assertEquals("held", first, "the stand-in server could not open the stores");
            Path csv = Files.createDirectories(dir.resolve("busycsv"));
            Files.writeString(csv.resolve("entities.csv"), "kind,code,name\ncompany,C1,甲公司\n");
            for (CliRun r : List.of(run("kg", "import", "--tenant", "kg-busy", csv.toString()),
                    run("kg", "import", "--reference", csv.toString()),
                    run("kg", "show", "--tenant", "kg-busy", "profile", "甲公司"),
                    run("kg", "sparql", "--tenant", "kg-busy", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"))) {
                assertEquals(3, r.exit(), r.err() + r.out());
                assertTrue(r.err().contains("正在运行的服务") && r.err().contains("/api/kg"), r.err());
                assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), "no stack trace: " + r.err());
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
