package dev.zhiyu.server.telephony;

import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.telephony.lists.CallListImporter;
import dev.zhiyu.telephony.lists.ColumnMapping;
import dev.zhiyu.telephony.lists.ImportProgress;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.tasks.Ids;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One call-list import, all or nothing: the new list (if this import creates it), its leads and the history row are
 * written in one transaction ({@link JdbcLeadSink}) that commits only when the whole file was read.
 */
public final class ListUploads {

    /** What an upload did to a list. */
    public record Upload(String listId, boolean created, ImportReport report) {
    }

    /** A call-list file: a stream (with its size, if known) or a file on disk. */
    record Source(InputStream in, Path file, long size) {
        static Source of(InputStream in) {
            return new Source(in, null, -1);
        }

        static Source of(Path file) {
            return new Source(null, file, -1);
        }
    }

    /**
     * One import into {@code listId}.
     *
     * @param mustExist     {@code listId} names an existing list (else not found); otherwise it is created when missing
     * @param inTransaction run in the import's transaction just before it commits, with everything read (a background
     *                      job marks itself done there, so its record and the leads cannot disagree after a crash)
     * @param waitForList   wait while another import into the same list runs (background jobs); otherwise refuse
     */
    record Request(String listId, boolean mustExist, String name, String fileName, Source source, String phoneColumn,
                   String by, ImportProgress progress, BiConsumer<Handle, ImportReport> inTransaction,
                   boolean waitForList) {
    }

    /**
     * Imports into one list wait for each other (the list's row is locked for the import's transaction as well); an
     * entry lives while an import of that list runs or waits.
     */
    private static final ConcurrentMap<String, ListTurn> LIST_TURNS = new ConcurrentHashMap<>();

    private static final class ListTurn {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private ListUploads() {
    }

    static String newListId() {
        return Ids.next("l");
    }

    static void checkFileName(String fileName) {
        if (fileName == null || !fileName.toLowerCase(Locale.ROOT).matches(".*\\.(csv|txt|xlsx)")) {
            throw Failure.invalid("file", "只支持 .csv 或 .xlsx 文件：请在 Excel 中另存为 .xlsx，或另存为 UTF-8 编码的 .csv 后重新上传");
        }
    }

    static Failure noSuchList(String listId) {
        return Failure.notFound("没有名单 " + listId + "：请确认名单编号（见名单列表），或不带 list 参数上传以新建名单");
    }

    static Upload importList(Jdbi jdbi, String tenant, TelephonyConfig config, Request in) {
        checkFileName(in.fileName());
        String key = tenant + "/" + in.listId();
        ListTurn turn = LIST_TURNS.compute(key, (k, t) -> {
            ListTurn held = t == null ? new ListTurn() : t;
            held.users++;
            return held;
        });
        try {
            if (in.waitForList()) {
                turn.lock.lock();
            } else if (!turn.lock.tryLock()) {
                throw Failure.conflict("list", "名单 " + in.listId() + " 正在导入另一个文件：请等它完成后再上传");
            }
            try {
                return importLocked(jdbi, config, in);
            } finally {
                turn.lock.unlock();
            }
        } finally {
            LIST_TURNS.computeIfPresent(key, (k, t) -> --t.users == 0 ? null : t);
        }
    }

    private static Upload importLocked(Jdbi jdbi, TelephonyConfig config, Request in) {
        String listName = in.name() == null || in.name().isBlank() ? in.fileName() : in.name().strip();
        JdbcLeadSink sink;
        boolean created;
        Optional<JdbcLeadSink> existing = JdbcLeadSink.existingList(jdbi, in.listId());
        if (existing.isPresent()) {
            sink = existing.get();
            created = false;
        } else if (in.mustExist()) {
            throw noSuchList(in.listId());
        } else {
            sink = JdbcLeadSink.newList(jdbi, in.listId(), listName, in.by());
            created = true;
        }
        ColumnMapping mapping = in.phoneColumn() == null || in.phoneColumn().isBlank() ? ColumnMapping.auto()
                : new ColumnMapping(in.phoneColumn());
        CallListImporter importer = new CallListImporter(config.region(), config.maxListRows());
        ImportProgress recording = recording(sink, in);
        ImportReport r = in.source().file() != null
                ? importer.importFile(in.listId(), in.source().file(), in.fileName(), mapping, sink, recording)
                : importer.importFile(in.listId(), in.fileName(), in.source().in(), in.source().size(), mapping, sink, recording);
        return new Upload(in.listId(), created && r.ok(), r);
    }

    /** The request's progress, and at commit the history row and the request's own step in the transaction. */
    private static ImportProgress recording(JdbcLeadSink sink, Request in) {
        return new ImportProgress() {
            @Override
            public void reading(ImportReport soFar, double fractionRead) {
                in.progress().reading(soFar, fractionRead);
            }

            @Override
            public void committing(ImportReport all) {
                sink.recordOnCommit(in.fileName(), all, in.by());
                if (in.inTransaction() != null) {
                    sink.beforeCommit(h -> in.inTransaction().accept(h, all));
                }
                in.progress().committing(all);
            }
        };
    }
}
