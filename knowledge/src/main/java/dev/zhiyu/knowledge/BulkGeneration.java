package dev.zhiyu.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.dboe.transaction.txn.TransactionCoordinator;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.tdb2.store.DatasetGraphSwitchable;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.DatabaseOps;
import org.apache.jena.tdb2.sys.StoreConnection;

/**
 * A first import into an empty on-disk store, written beside the live store and switched in at the end — TDB2's own
 * compaction scheme ({@code DatabaseOps.compact}): a TDB2 directory holds numbered storage generations {@code Data-NNNN}
 * and serves the highest; a generation is built under {@code Data-NNNN-tmp} (which TDB2 deletes when it opens the store,
 * so a crash mid-way leaves the old generation in charge), moved to its final name in one rename once complete, and
 * the live container is switched to it, its transaction coordinator taking over from the old one.
 * <p>
 * The build runs in a separate JVM ({@link BulkLoad}, Jena's sequential loader) fed an RDF Thrift stream of the facts
 * through its standard input (building the triples here and loading them there overlap): the memory-mapped pages of the store being written are that process's, so the server's resident size stays its heap
 * plus its own native memory, and the loader keeps Jena's default (fast) file mode. The server's readers are not held:
 * they read the old (empty) generation until the switch.
 */
final class BulkGeneration {
    /** Heap of the loader process, e.g. {@code 1g} (the default). */
    static final String HEAP = "zhiyu.kg.bulkHeap";
    /** TDB2 file mode of the loader process: {@code mapped} (default) or {@code direct}. */
    static final String FILE_MODE = "zhiyu.kg.bulkFileMode";

    private static final System.Logger LOG = System.getLogger(BulkGeneration.class.getName());
    private static final int CHUNK = 20_000;

    private final DatasetGraphSwitchable container;
    private volatile Process child;
    private volatile boolean closed;

    BulkGeneration(DatasetGraphSwitchable container) {
        this.container = container;
    }

    /** Writes the facts not {@code replaced} by a later one as the store's new generation, with {@code extra} triples. */
    void write(List<Object> facts, BitSet replaced, Consumer<Model> extra, Consumer<ImportProgress> progress) {
        Path base = container.getContainerPath();
        Path current = DatabaseOps.findStorageLocation(base);
        Path next = base.resolve(String.format("%s%s%04d", DatabaseOps.dbNameBase, DatabaseOps.SEP, number(current) + 1));
        Path tmp = base.resolve(next.getFileName() + "-tmp");
        try {
            delete(tmp);
            Files.createDirectories(tmp);
            load(tmp, out -> stream(out, facts, replaced, extra, progress), progress);
            Files.deleteIfExists(tmp.resolve("tdb.lock"));
            Files.move(tmp, next, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(tmp);
            throw new UncheckedIOException("图库批量写入失败，图库未改变：" + e.getMessage(), e);
        } catch (RuntimeException e) {
            delete(tmp);
            throw e;
        }
        progress.accept(new ImportProgress(ImportProgress.Stage.SWITCH, 0, -1));
        try {
            switchTo(next);
        } catch (RuntimeException e) {
            try {
                Files.move(next, tmp, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveBack) {
                e.addSuppressed(moveBack);
            }
            delete(tmp);
            throw new IllegalStateException("图库切换到新数据失败，图库未改变：" + e.getMessage(), e);
        }
        delete(current);
    }

    private static int number(Path storage) {
        String name = storage.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf(DatabaseOps.SEP) + 1));
    }

    /**
     * The facts as RDF Thrift, a chunk at a time (the same triples a transaction would write), then the end marker that
     * counts them. The loader reads as this writes: facts sent is how far the load has got.
     */
    private static void stream(OutputStream out, List<Object> facts, BitSet replaced, Consumer<Model> extra,
                               Consumer<ImportProgress> progress) {
        long triples = 0;
        int total = facts.size();
        StreamRDF sink = StreamRDFWriter.getWriterStream(out, RDFFormat.RDF_THRIFT);
        sink.start();
        Model m = ModelFactory.createDefaultModel();
        extra.accept(m);
        for (int i = 0; i < total; i++) {
            if (!replaced.get(i)) {
                TdbStore.put(m, facts.get(i));
            }
            if ((i + 1) % CHUNK == 0 || i == total - 1) {
                triples += drain(m, sink);
                progress.accept(new ImportProgress(ImportProgress.Stage.LOAD, i + 1, total));
            }
        }
        triples += drain(m, sink);
        sink.triple(Triple.create(BulkLoad.END, BulkLoad.END, NodeFactory.createLiteralString(Long.toString(triples))));
        sink.finish();
    }

    private static long drain(Model m, StreamRDF sink) {
        long n = m.size();
        m.getGraph().find().forEachRemaining(sink::triple);
        m.removeAll();
        return n;
    }

    /** What the server sends the loader process. */
    private interface Feed {
        void to(OutputStream out) throws IOException;
    }

    /** Runs the loader process, feeding it; its exit code and last error lines become the failure. */
    private void load(Path dir, Feed feed, Consumer<ImportProgress> progress) throws IOException {
        if (closed) {
            throw new IllegalStateException("图库已关闭，批量写入取消");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + System.getProperty(HEAP, "1g"));
        cmd.add("-D" + TdbStore.FILE_MODE + "=" + TdbStore.fileMode(System.getProperty(FILE_MODE, "mapped")).name());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BulkLoad.class.getName());
        cmd.add(dir.toString());
        Process p = new ProcessBuilder(cmd).start();
        child = p;
        Thread hook = new Thread(p::destroyForcibly, "kg-bulk-load-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Deque<String> errors = new ArrayDeque<>();
        Thread errReader = Thread.ofPlatform().daemon().name("kg-bulk-load-err").start(() -> keepLast(p, errors));
        try {
            IOException broken = null;
            try (OutputStream out = new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                feed.to(out);
            } catch (IOException e) {
                broken = e; // the process ended early: its exit code says why
            } catch (RuntimeException e) {
                if (!causedByIo(e)) {
                    p.destroyForcibly(); // our failure: the process, without the end marker, commits nothing anyway
                    throw e;
                }
                broken = new IOException(e); // the writer wraps the broken pipe
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    ImportProgress at = parse(line);
                    if (at != null) {
                        progress.accept(at);
                    }
                }
            }
            int exit = p.waitFor();
            errReader.join(10_000);
            if (exit != 0 || broken != null) {
                String why;
                synchronized (errors) {
                    why = errors.isEmpty() ? "" : "：" + String.join(" / ", errors);
                }
                throw new IllegalStateException("图库批量装载进程失败（退出码 " + exit + "），图库未改变" + why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("图库批量写入被中断，图库未改变", e);
        } finally {
            p.destroyForcibly();
            child = null;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static void keepLast(Process p, Deque<String> errors) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                LOG.log(line.startsWith("装载进程峰值") ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                        "批量装载进程：{0}", line);
                synchronized (errors) {
                    errors.addLast(line.strip());
                    if (errors.size() > 3) {
                        errors.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    static ImportProgress parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 4 || !f[0].equals(BulkLoad.PROGRESS)) {
            return null;
        }
        try {
            return new ImportProgress(ImportProgress.Stage.valueOf(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Switches the live container to the new generation as TDB2's compaction does: writers on the container are held,
     * the new store's transaction coordinator takes over from the old one, the container changes its storage, then the
     * old storage is shut once its last readers have finished.
     */
    private void switchTo(Path next) {
        DatasetGraphTDB old = (DatasetGraphTDB) container.get();
        TransactionCoordinator oldTxn = old.getTxnSystem().getTxnMgr();
        container.startReadOnlyDatabase();
        try {
            DatasetGraphTDB fresh = StoreConnection.connectCreate(Location.create(next.toString())).getDatasetGraphTDB();
            TransactionCoordinator txn = fresh.getTxnSystem().getTxnMgr();
            txn.execExclusive(() -> {
                txn.takeOverFrom(oldTxn);
                txn.modifyConfigDirect(() -> oldTxn.listExternals().forEach(txn::addExternal));
                if (!container.change(old, fresh)) {
                    container.set(fresh);
                }
            });
        } finally {
            container.finishReadOnlyDatabase();
        }
        oldTxn.startExclusiveMode();
        StoreConnection.release(old.getLocation());
    }

    /** Stops a running loader process (the import then fails and leaves the store as it was). */
    void close() {
        closed = true;
        Process p = child;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "无法删除 " + dir + "：" + e.getMessage());
        }
    }
}
