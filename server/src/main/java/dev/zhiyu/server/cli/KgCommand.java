package dev.zhiyu.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.zhiyu.knowledge.BadRow;
import dev.zhiyu.knowledge.BodsImport;
import dev.zhiyu.knowledge.Direction;
import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.ImportReport;
import dev.zhiyu.knowledge.KnowledgeGraph;
import dev.zhiyu.knowledge.SparqlLimits;
import dev.zhiyu.knowledge.TableImport;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kg", mixinStandardHelpOptions = true, description = "企业知识图谱：导入、画像、控制关系与 SPARQL。",
        subcommands = {KgCommand.Import.class, KgCommand.Show.class, KgCommand.Sparql.class})
final class KgCommand {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    @ParentCommand
    ZhiyuCommand root;

    /**
     * The command waits as long as opening takes. A store held by the running server is a plain error (exit 3): the
     * server's API does the same things ({@code /api/kg/imports}, {@code /api/kg/companies/…}, {@code /api/kg/sparql}).
     */
    TenantGraphs graphs() {
        return new TenantGraphs(root.config().dataDir(), java.time.Duration.ofDays(1));
    }

    /** The tenant must exist: a typo must not silently create a new graph directory. */
    void requireTenant(String slug) {
        try (Platform p = root.openPlatform()) {
            p.tenants().get(slug);
        }
    }

    static void print(Object o) {
        try {
            System.out.println(JSON.writeValueAsString(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "导入事实：CSV 目录（<表>.csv）、JSON 表文件或 BODS 0.4 文件；坏行逐条报告并跳过。")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        KgCommand parent;
        @Option(names = "--tenant", description = "租户标识；与 --reference 二选一")
        String tenant;
        @Option(names = "--reference", description = "导入所有租户共享的参考图谱")
        boolean reference;
        @Option(names = "--format", defaultValue = "csv", description = "csv | json | bods（默认 csv）")
        String format;
        @Parameters(paramLabel = "PATH", description = "CSV 目录，或 JSON/BODS 文件")
        Path path;

        @Override
        public Integer call() throws IOException {
            if (reference == (tenant != null)) {
                throw Failure.invalid("tenant", "请指定 --tenant SLUG 或 --reference 之一");
            }
            FactBatch batch = switch (format) {
                case "csv" -> TableImport.csvDirectory(path);
                case "json" -> TableImport.json(path.getFileName().toString(), Files.readAllBytes(path));
                case "bods" -> BodsImport.read(path.getFileName().toString(), Files.readAllBytes(path));
                default -> throw Failure.invalid("format", "应为 csv、json 或 bods");
            };
            ImportReport r;
            try (TenantGraphs graphs = parent.graphs()) {
                if (reference) {
                    r = graphs.loadReference(batch);
                } else {
                    parent.requireTenant(tenant);
                    r = graphs.forTenant(tenant).load(batch);
                }
            }
            System.out.println("已导入 " + r.accepted() + " 条事实，拒绝 " + r.rejected().size() + " 行");
            for (BadRow b : r.rejected()) {
                System.out.println("  " + b);
            }
            for (BadRow b : r.notes()) {
                System.out.println("  注意：" + b);
            }
            return r.rejected().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "查询企业：profile | ownership | controller | owners | up | down | related | chain | tags（JSON 输出）。")
    static final class Show implements Runnable {
        @ParentCommand
        KgCommand parent;
        @Option(names = "--tenant", required = true)
        String tenant;
        @Option(names = "--levels", defaultValue = "3", description = "穿透层数（up/down）")
        int levels;
        @Parameters(index = "0", paramLabel = "WHAT")
        String what;
        @Parameters(index = "1", paramLabel = "COMPANY", description = "统一社会信用代码或名称")
        String company;

        @Override
        public void run() {
            parent.requireTenant(tenant);
            try (TenantGraphs graphs = parent.graphs()) {
                KnowledgeGraph g = graphs.forTenant(tenant);
                Function<String, Object> q = switch (what) {
                    case "profile" -> g::profile;
                    case "ownership" -> g::ownership;
                    case "controller" -> g::controller;
                    case "owners" -> g::beneficialOwners;
                    case "up" -> c -> g.penetrate(c, Direction.UP, levels, 500);
                    case "down" -> c -> g.penetrate(c, Direction.DOWN, levels, 500);
                    case "related" -> c -> g.relations().relatedParties(c);
                    case "chain" -> c -> g.relations().chainNeighbours(c);
                    case "tags" -> c -> graphs.rules().apply(g, c);
                    default -> throw Failure.invalid("WHAT", "应为 profile/ownership/controller/owners/up/down/related/chain/tags");
                };
                try {
                    print(q.apply(company));
                } catch (java.util.NoSuchElementException e) {
                    throw Failure.notFound(e.getMessage());
                }
            }
        }
    }

    @Command(name = "sparql", mixinStandardHelpOptions = true, description = "只读 SPARQL 查询（SELECT/ASK），带超时与行数上限。")
    static final class Sparql implements Runnable {
        @ParentCommand
        KgCommand parent;
        @Option(names = "--tenant", required = true)
        String tenant;
        @Option(names = "--timeout-ms", defaultValue = "5000")
        long timeout;
        @Option(names = "--max-rows", defaultValue = "1000")
        int maxRows;
        @Parameters(paramLabel = "QUERY")
        String query;

        @Override
        public void run() {
            parent.requireTenant(tenant);
            try (TenantGraphs graphs = parent.graphs()) {
                print(graphs.forTenant(tenant).sparql(query, new SparqlLimits(timeout, maxRows)));
            } catch (dev.zhiyu.knowledge.SparqlException | dev.zhiyu.knowledge.InvalidQueryException e) {
                throw Failure.invalid("QUERY", e.getMessage());
            }
        }
    }
}
