package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.dboe.sys.SystemIndex;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWrapper;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.apache.jena.tdb2.sys.StoreConnection;

/**
 * The loader process of a first bulk import ({@link BulkGeneration}): loads the RDF Thrift stream it reads on standard
 * input into a fresh TDB2 storage directory with Jena's sequential loader, in its own JVM (its own {@code -Xmx}; the
 * memory-mapped store files it touches belong to this process, not to the server). The server writes the stream while
 * this process loads it, so building the triples and loading them overlap. The stream ends with a sentinel triple that
 * counts the triples before it; without it (the server stopped mid-way) nothing is committed. Reports on standard
 * output {@code PROGRESS INDEX <done> 1} while the secondary indexes are built. Exit 0: the directory holds the committed
 * store. Any other exit: the directory is garbage (the server deletes it; TDB2 deletes a {@code Data-NNNN-tmp}
 * directory when it next opens the store). It ends itself within a second when the server process is gone — even
 * after {@code kill -9} — so it never outlives the server.
 * <p>
 * Argument: {@code <storage directory>}.
 */
public final class BulkLoad {
    static final String PROGRESS = "PROGRESS";
    /** Exit code when the server went away. */
    static final int ORPHANED = 4;
    /** The last triple of the stream: {@code <END> <END> "n"}, n the number of triples before it. */
    static final org.apache.jena.graph.Node END = org.apache.jena.graph.NodeFactory.createURI("urn:zhiyu:bulk-end");

    private BulkLoad() {
    }

    public static void main(String[] args) {
        watchParent();
        String mode = System.getProperty(TdbStore.FILE_MODE);
        if (mode != null) {
            SystemIndex.setFileMode(TdbStore.fileMode(mode));
        }
        try {
            load(Path.of(args[0]), new java.io.BufferedInputStream(System.in, 1 << 16));
        } catch (Throwable t) {
            System.err.println("装载失败：" + t);
            t.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void load(Path dir, InputStream in) {
        Location location = Location.create(dir.toString());
        DatasetGraph dsg = StoreConnection.connectCreate(location).getDatasetGraph();
        DataLoader loader = LoaderFactory.sequentialLoader(dsg, (fmt, args) -> System.err.println(String.format(fmt, args)));
        long[] done = {0};
        long[] declared = {-1};
        StreamRDF counting = new StreamRDFWrapper(loader.stream()) {
            @Override
            public void triple(Triple t) {
                if (declared[0] >= 0) {
                    throw new IllegalStateException("事实流在结束标记之后还有三元组");
                }
                if (t.getSubject().equals(END)) {
                    declared[0] = Long.parseLong(t.getObject().getLiteralLexicalForm());
                    return;
                }
                super.triple(t);
                done[0]++;
            }
        };
        loader.startBulk();
        try {
            RDFParser.source(in).lang(Lang.RDFTHRIFT).parse(counting);
            if (declared[0] != done[0]) {
                throw new IllegalStateException(declared[0] < 0 ? "事实流不完整（没有结束标记，服务可能已中止）"
                        : "事实流中有 " + done[0] + " 个三元组，结束标记说 " + declared[0]);
            }
            report(ImportProgress.Stage.INDEX, 0, 1);
            loader.finishBulk();
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw e;
        }
        report(ImportProgress.Stage.INDEX, 1, 1);
        StoreConnection.release(location);
        System.err.println("装载进程峰值常驻 VmHWM " + peakResident() + "，" + done[0] + " 个三元组");
    }

    /** This process's peak resident size as /proc says it (heap, native and the store's mapped pages it touched). */
    static String peakResident() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).strip()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static void report(ImportProgress.Stage stage, long done, long total) {
        System.out.println(PROGRESS + " " + stage + " " + done + " " + total);
        System.out.flush();
    }

    /** Once a second: is the process that started us still there? (Orphans are re-parented, so compare the handle.) */
    private static void watchParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("服务进程已退出，装载中止");
            Runtime.getRuntime().halt(ORPHANED);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
