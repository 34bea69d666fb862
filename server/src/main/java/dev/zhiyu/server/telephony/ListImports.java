package dev.zhiyu.server.telephony;

import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStores;
import dev.zhiyu.telephony.lists.ImportProgress;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.lists.RowError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call-list imports in the background: the upload is spooled to a file, the job waits its turn (one at a time per
 * tenant, first come first served; at most {@code machineSlots} at once on this server) and is recorded in the
 * tenant's {@code telephony_list_imports}, where {@code GET /api/calls/lists/imports/{id}} reads it.
 * <p>
 * A job streams the file through the same importer as the synchronous upload (导入: rows are read, checked and
 * written in JDBC batches inside one transaction), then commits (提交). The list row, when the job creates the
 * list, is written in that same transaction, so the list and its leads appear together at 完成 — or never: a
 * refused file, a failed write or a crash leaves no list and no leads.
 * <p>
 * Records outlive the process. A job another process left unfinished (the server stopped or crashed mid-import) is
 * marked failed, "服务重启，请重新上传", and its spooled upload deleted, the first time this process touches that
 * tenant's jobs; the database rolled its transaction back, so uploading the same file again simply works. That
 * assumes one server process per tenant database; several nodes would need a heartbeat instead of a boot id.
 */
public final class ListImports implements AutoCloseable {
    static final int ERRORS_SHOWN = 100;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Logger LOG = LoggerFactory.getLogger(ListImports.class);

    private final TenantStores stores;
    private final TelephonyConfig config;
    private final Semaphore machine;
    private final String bootId = UUID.randomUUID().toString();
    private final Map<String, ReentrantLock> tenantTurns = new ConcurrentHashMap<>();
    private final Set<String> recovered = ConcurrentHashMap.newKeySet();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** What one job imports. */
    record Job(String listId, boolean append, String name, String fileName, Path upload, long size, String phoneColumn,
               String by) {
    }

    ListImports(TenantStores stores, TelephonyConfig config, int machineSlots) {
        this.stores = stores;
        this.config = config;
        this.machine = new Semaphore(machineSlots, true);
    }

    /** Records the job (排队) and starts it in the background; the job owns {@code job.upload()} and deletes it. */
    ListImport submit(Tenant tenant, Job job) {
        if (closing) {
            throw Failure.unavailable("服务正在停止，请稍后重新上传", null);
        }
        ListImportRecords records = records(tenant);
        long id = records.insert(job.listId(), job.append() ? null : job.name(), job.append(), job.fileName(), job.size(),
                job.upload().toString(), job.by(), bootId);
        ListImport queued = records.find(id).orElseThrow();
        long submitted = System.nanoTime();
        Thread t = Thread.ofVirtual().name("list-import-" + tenant.slug() + "-" + id).unstarted(() -> {
            try {
                runInTurn(tenant, id, job, submitted);
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(t);
        t.start();
        return queued;
    }

    Optional<ListImport> find(Tenant tenant, long id) {
        return records(tenant).find(id);
    }

    /** Newest first. */
    List<ListImport> recent(Tenant tenant, int limit) {
        return records(tenant).recent(limit);
    }

    private ListImportRecords records(Tenant tenant) {
        ListImportRecords records = new ListImportRecords(stores.jdbi(tenant));
        if (recovered.add(tenant.slug())) {
            for (String spool : records.interruptedSpools(bootId)) {
                try {
                    Files.deleteIfExists(Path.of(spool));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("删除中断导入的上传文件 {} 失败：{}", spool, e.getMessage());
                }
            }
            int n = records.failInterrupted(bootId);
            if (n > 0) {
                LOG.warn("租户 {} 有 {} 个名单导入因服务重启中断，已标记为失败（未导入任何号码）", tenant.slug(), n);
            }
        }
        return records;
    }

    private void runInTurn(Tenant tenant, long id, Job job, long submitted) {
        ReentrantLock turn = tenantTurns.computeIfAbsent(tenant.slug(), s -> new ReentrantLock(true));
        turn.lock();
        try {
            machine.acquireUninterruptibly();
            try {
                new Run(records(tenant), tenant, id, submitted).execute(job);
            } finally {
                machine.release();
            }
        } catch (RuntimeException e) {
            LOG.error("名单导入 {} 的记录无法更新（租户 {}）", id, tenant.slug(), e);
        } finally {
            turn.unlock();
            try {
                Files.deleteIfExists(job.upload());
            } catch (IOException e) {
                LOG.warn("删除上传文件 {} 失败：{}", job.upload(), e.getMessage());
            }
        }
    }

    /** Raised from the progress callback when the server stops: the importer aborts, the database rolls back. */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("服务正在停止", null, false, false);
        }
    }

    /** One job's execution: phases, their timings and the record kept in step. */
    private final class Run implements ImportProgress {
        private final ListImportRecords records;
        private final Tenant tenant;
        private final long id;
        private final Map<String, Long> millis = new LinkedHashMap<>();
        private long phaseStart;
        private long lastUpdate;
        private long rowsRead;

        Run(ListImportRecords records, Tenant tenant, long id, long submitted) {
            this.records = records;
            this.tenant = tenant;
            this.id = id;
            this.phaseStart = submitted;
        }

        void execute(Job job) {
            if (closing) {
                fail(ListImportRecords.RESTARTED);
                return;
            }
            lap(ListImport.QUEUED);
            records.started(id);
            lastUpdate = System.nanoTime() - PROGRESS_EVERY_NANOS; // the first rows read show at once, then every 2 s
            try {
                ListUploads.Upload u = ListUploads.importList(stores.jdbi(tenant), tenant.slug(), config,
                        new ListUploads.Request(job.listId(), job.append(), job.name(), job.fileName(),
                                ListUploads.Source.of(job.upload()), job.phoneColumn(), job.by(), this,
                                (h, all) -> records.done(h, id, all, first(all.errors()), millis), true));
                ImportReport r = u.report();
                if (r.ok()) {
                    // 完成 was recorded in the import's own transaction; the commit's time (on H2 including the
                    // checkpoint that puts it on disk) is known only now, and its entry marks the job as all over
                    lap(ListImport.COMMITTING);
                    records.timings(id, millis);
                } else {
                    fail(closing ? ListImportRecords.RESTARTED : r.fileError() + "（未导入任何数据）");
                }
            } catch (Failure e) {
                fail(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("名单导入 {} 失败（租户 {}）", id, tenant.slug(), e);
                fail(closing ? ListImportRecords.RESTARTED
                        : "导入失败，名单未改变：" + e.getMessage() + "。请稍后重新上传；一再失败请联系管理员");
            }
        }

        @Override
        public void reading(ImportReport soFar, double fractionRead) {
            if (closing) {
                throw new Stopping();
            }
            rowsRead = soFar.rows();
            long now = System.nanoTime();
            if (now - lastUpdate >= PROGRESS_EVERY_NANOS) {
                lastUpdate = now;
                Map<String, Long> sofar = new LinkedHashMap<>(millis);
                sofar.put(ListImport.IMPORTING, (now - phaseStart) / 1_000_000);
                records.progress(id, ListImport.IMPORTING, 0.01 + 0.93 * Math.max(0, fractionRead), soFar,
                        first(soFar.errors()), sofar);
            }
        }

        @Override
        public void committing(ImportReport all) {
            rowsRead = all.rows();
            lap(ListImport.IMPORTING);
            records.progress(id, ListImport.COMMITTING, 0.95, all, first(all.errors()), millis);
        }

        private void lap(String phase) {
            long now = System.nanoTime();
            millis.merge(phase, (now - phaseStart) / 1_000_000, Long::sum);
            phaseStart = now;
        }

        private void fail(String reason) {
            records.failed(id, rowsRead, reason, millis);
        }
    }

    private static List<RowError> first(List<RowError> errors) {
        return errors.size() <= ERRORS_SHOWN ? errors : errors.subList(0, ERRORS_SHOWN);
    }

    /** New jobs are refused; running ones stop at their next rows (nothing of them is stored) within a few seconds. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Thread t : List.copyOf(running)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(java.time.Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
