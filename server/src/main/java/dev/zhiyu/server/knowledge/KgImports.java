package dev.zhiyu.server.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.knowledge.BadRow;
import dev.zhiyu.knowledge.BodsImport;
import dev.zhiyu.knowledge.FactBatch;
import dev.zhiyu.knowledge.ImportProgress;
import dev.zhiyu.knowledge.ImportReport;
import dev.zhiyu.knowledge.TableImport;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStores;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge-graph imports run in the background: one at a time per tenant (later ones wait 排队, first come first
 * served), at most {@code machineSlots} at once on this server, each recorded in the tenant's {@code kg_import_jobs}.
 * <p>
 * A job reads the file (解析), then hands the whole batch to {@code KnowledgeGraph.load} (写入), which checks every row,
 * stores the good ones in one TDB2 transaction (a first bulk import: a new store generation switched in at once) and
 * updates the in-memory index; the write's steps and counts go into the record as they happen ({@link Steps}). The batch is never split, so a job
 * that fails has stored nothing: a file that cannot be read never reaches the graph, and a failed store write is
 * rolled back by TDB2. Rejected rows are not a failure: they are reported and the rest is stored, as in the
 * synchronous route.
 * <p>
 * Records outlive the process. A job another process left unfinished (this server restarted mid-import) is marked
 * failed, "服务重启，请重新导入", the first time this process touches that tenant's jobs. That assumes one server
 * process per tenant database; several nodes would need a heartbeat instead of a boot id.
 */
public final class KgImports {
    static final int REJECTED_SHOWN = 100;
    private static final Logger LOG = LoggerFactory.getLogger(KgImports.class);
    /** Import files nest a few levels; deeper is refused (a 100k-deep file would otherwise exhaust the stack). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build());
    private final TenantStores stores;
    private final TenantGraphs graphs;
    private final Semaphore machine;
    private final String bootId = UUID.randomUUID().toString();
    private final Map<String, ReentrantLock> tenantLocks = new ConcurrentHashMap<>();
    private final Set<String> recovered = ConcurrentHashMap.newKeySet();

    public KgImports(TenantStores stores, TenantGraphs graphs, int machineSlots) {
        this.stores = stores;
        this.graphs = graphs;
        this.machine = new Semaphore(machineSlots, true);
    }

    /** {@code format} is tables or bods (checked by the caller); the job starts as soon as the tenant's turn comes. */
    public KgImport submit(Tenant tenant, String format, String fileName, byte[] document, String createdBy) {
        KgImportRecords records = records(tenant);
        long id = records.insert(format, KgImportRecords.clip(fileName, 300), document.length, createdBy, bootId);
        KgImport queued = records.find(id).orElseThrow();
        Thread.ofVirtual().name("kg-import-" + tenant.slug() + "-" + id)
                .start(() -> runInTurn(tenant, id, format, fileName, document));
        return queued;
    }

    /**
     * An import made through the synchronous API ({@code POST /api/kg/import}), already parsed into {@code batch}:
     * written now, in the tenant's turn, and recorded like a background job so the console's import history shows it.
     */
    public ImportReport importNow(Tenant tenant, String format, String fileName, int bytes, FactBatch batch, String createdBy) {
        KgImportRecords records = records(tenant);
        long id = records.insert(format, KgImportRecords.clip(fileName, 300), bytes, createdBy, bootId);
        ReentrantLock turn = tenantLocks.computeIfAbsent(tenant.slug(), s -> new ReentrantLock(true));
        turn.lock();
        long start = System.nanoTime();
        try {
            records.started(id);
            ImportReport report = graphs.load(tenant.slug(), batch, new Steps(records, id, System::nanoTime));
            Map<String, Long> millis = new LinkedHashMap<>(Map.of(KgImport.WRITING, (System.nanoTime() - start) / 1_000_000));
            records.done(id, report.accepted(), first(report.rejected()), report.rejected().size(), millis);
            return report;
        } catch (RuntimeException e) {
            records.failed(id, "导入失败，图谱未改变：" + e.getMessage(),
                    new LinkedHashMap<>(Map.of(KgImport.WRITING, (System.nanoTime() - start) / 1_000_000)));
            throw e;
        } finally {
            turn.unlock();
        }
    }

    public Optional<KgImport> find(Tenant tenant, long id) {
        return records(tenant).find(id);
    }

    /** Newest first. */
    public List<KgImport> recent(Tenant tenant, int limit) {
        return records(tenant).recent(limit);
    }

    private KgImportRecords records(Tenant tenant) {
        KgImportRecords records = new KgImportRecords(stores.jdbi(tenant));
        if (recovered.add(tenant.slug())) {
            int n = records.failInterrupted(bootId);
            if (n > 0) {
                LOG.warn("租户 {} 有 {} 个图谱导入因服务重启中断，已标记为失败", tenant.slug(), n);
            }
        }
        return records;
    }

    private void runInTurn(Tenant tenant, long id, String format, String fileName, byte[] document) {
        ReentrantLock turn = tenantLocks.computeIfAbsent(tenant.slug(), s -> new ReentrantLock(true));
        turn.lock();
        try {
            machine.acquireUninterruptibly();
            try {
                new Run(records(tenant), tenant, id).execute(format, fileName, document);
            } finally {
                machine.release();
            }
        } catch (RuntimeException e) {
            LOG.error("图谱导入 {} 的记录无法更新（租户 {}）", id, tenant.slug(), e);
        } finally {
            turn.unlock();
        }
    }

    /** One job's execution: phases, their timings and the record kept in step. */
    private final class Run {
        private final KgImportRecords records;
        private final Tenant tenant;
        private final long id;
        private final Map<String, Long> millis = new LinkedHashMap<>();
        private long phaseStart = System.nanoTime();

        Run(KgImportRecords records, Tenant tenant, long id) {
            this.records = records;
            this.tenant = tenant;
            this.id = id;
        }

        void execute(String format, String fileName, byte[] document) {
            records.started(id);
            try {
                JsonNode root = readJson(document);
                String shape = shapeError(format, root);
                if (shape != null) {
                    fail(shape);
                    return;
                }
                int rowsTotal = rows(format, root);
                records.progress(id, KgImport.PARSING, 0.15, rowsTotal, null, null, millis);
                FactBatch batch = format.equals("bods") ? BodsImport.read(fileName, document)
                        : TableImport.json(fileName, document);
                lap(KgImport.PARSING);
                records.progress(id, KgImport.WRITING, 0.35, rowsTotal, rowsTotal, batch.size(), millis);
                ImportReport report = graphs.load(tenant.slug(), batch, new Steps(records, id, System::nanoTime));
                lap(KgImport.WRITING);
                records.done(id, report.accepted(), first(report.rejected()), report.rejected().size(), millis);
            } catch (ImportFailure e) {
                fail(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("图谱导入 {} 失败（租户 {}）", id, tenant.slug(), e);
                fail("导入失败，图谱未改变：" + e.getMessage() + "。请稍后重新导入；一再失败请联系管理员");
            }
        }

        private void lap(String phase) {
            long now = System.nanoTime();
            millis.merge(phase, (now - phaseStart) / 1_000_000, Long::sum);
            phaseStart = now;
        }

        private void fail(String reason) {
            lap(KgImport.FAILED);
            millis.remove(KgImport.FAILED);
            records.failed(id, reason, millis);
        }
    }

    /**
     * Carries the write's steps into the job's record (what {@code /api/kg/imports/{id}} and the console show): each new
     * step at once, counts within a step at most once a second. A record that cannot be updated does not stop the import.
     */
    static final class Steps implements Consumer<ImportProgress> {
        private static final long INTERVAL = 1_000_000_000L;
        private final KgImportRecords records;
        private final long id;
        private final LongSupplier nanos;
        private ImportProgress.Stage last;
        private long lastAt;

        Steps(KgImportRecords records, long id, LongSupplier nanos) {
            this.records = records;
            this.id = id;
            this.nanos = nanos;
        }

        @Override
        public void accept(ImportProgress p) {
            long now = nanos.getAsLong();
            if (p.stage() == last && now - lastAt < INTERVAL && (p.total() < 0 || p.done() < p.total())) {
                return;
            }
            last = p.stage();
            lastAt = now;
            try {
                records.step(id, p, overall(p));
            } catch (RuntimeException e) {
                LOG.warn("图谱导入 {} 的进度无法记录：{}", id, e.toString());
            }
        }

        /** The write spans 0.35–0.92 of the bar; loading the facts and building the indexes are most of it. */
        static double overall(ImportProgress p) {
            double f = p.total() > 0 ? Math.min(1, (double) p.done() / p.total()) : 0;
            return switch (p.stage()) {
                case CHECK -> 0.35 + 0.05 * f;
                case LOAD, WRITE -> 0.40 + 0.40 * f;
                case INDEX -> 0.80 + 0.10 * f;
                case SWITCH -> 0.90;
                case COMPUTE -> 0.92;
            };
        }
    }

    private static JsonNode readJson(byte[] document) {
        try {
            JsonNode root = JSON.readTree(document);
            if (root == null || root.isMissingNode()) {
                throw new ImportFailure("文件是空的：请选择含有数据的 JSON 文件");
            }
            return root;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ImportFailure("文件的 JSON 嵌套过深或过长（最多 200 层），图谱未改变：请修正文件后重新导入");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ImportFailure("文件不是有效的 JSON" + (at == null || at.getLineNr() < 1 ? ""
                    : "（第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列）") + "，图谱未改变：请修正文件后重新导入");
        } catch (IOException e) {
            throw new ImportFailure("无法读取文件，图谱未改变：请重新上传");
        }
    }

    private static String shapeError(String format, JsonNode root) {
        if (format.equals("bods") && !root.isArray()) {
            return "BODS 文件应为陈述（statement）数组，图谱未改变：请确认格式选的是 BODS，或改选“表格 JSON”";
        }
        if (format.equals("tables") && !root.isObject()) {
            return "表格 JSON 应为对象，键为表名（如 entities、shareholdings），图谱未改变：请确认格式，或改选 BODS";
        }
        return null;
    }

    private static int rows(String format, JsonNode root) {
        if (format.equals("bods")) {
            return root.size();
        }
        int n = 0;
        for (JsonNode table : root) {
            n += table.isArray() ? table.size() : 0;
        }
        return n;
    }

    private static List<BadRow> first(List<BadRow> rejected) {
        return rejected.stream().limit(REJECTED_SHOWN)
                .map(b -> new BadRow(b.file(), b.row(), b.field(), KgImportRecords.clip(b.message(), 500))).toList();
    }

    /** The file itself is unusable; its message is for the user. */
    private static final class ImportFailure extends RuntimeException {
        ImportFailure(String message) {
            super(message, null, false, false);
        }
    }
}
