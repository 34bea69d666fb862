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
 * The loader process of a first bulk import ({@link BulkGeneration}): loads an RDF Thrift file into a fresh TDB2 storage
 * directory with Jena's sequential loader, in its own JVM (its own {@code -Xmx}; the memory-mapped store files it touches
 * belong to this process, not to the server), and reports on standard output, one line each:
 * {@code PROGRESS LOAD <triples done> <triples total>} and {@code PROGRESS INDEX <done> 1}. Exit 0: the directory holds
 * the committed store. Any other exit: the directory is garbage (the server deletes it; TDB2 deletes a {@code Data-NNNN-tmp}
 * directory when it next opens the store). It ends itself when its standard input closes — the server is gone, even
 * after {@code kill -9} — so it never outlives the server.
 * <p>
 * Arguments: {@code <storage directory> <facts file (.rt)> <triples in the file>}.
 */
public final class BulkLoad {
    static final String PROGRESS = "PROGRESS";
    /** Exit code when the server went away (standard input closed). */
    static final int ORPHANED = 4;

    private BulkLoad() {
    }

    public static void main(String[] args) {
        watchParent(System.in);
        String mode = System.getProperty(TdbStore.FILE_MODE);
        if (mode != null) {
            SystemIndex.setFileMode(TdbStore.fileMode(mode));
        }
        try {
            load(Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]));
        } catch (Throwable t) {
            System.err.println("装载失败：" + t);
            t.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void load(Path dir, Path file, long total) {
        Location location = Location.create(dir.toString());
        DatasetGraph dsg = StoreConnection.connectCreate(location).getDatasetGraph();
        DataLoader loader = LoaderFactory.sequentialLoader(dsg, (fmt, args) -> System.err.println(String.format(fmt, args)));
        long step = Math.max(10_000, total / 100);
        long[] done = {0};
        StreamRDF counting = new StreamRDFWrapper(loader.stream()) {
            @Override
            public void triple(Triple t) {
                super.triple(t);
                if (++done[0] % step == 0) {
                    report(ImportProgress.Stage.LOAD, done[0], total);
                }
            }
        };
        loader.startBulk();
        try {
            RDFParser.source(file).lang(Lang.RDFTHRIFT).parse(counting);
            report(ImportProgress.Stage.LOAD, done[0], total);
            if (done[0] != total) {
                throw new IllegalStateException("事实文件中有 " + done[0] + " 个三元组，应为 " + total + "：文件不完整");
            }
            report(ImportProgress.Stage.INDEX, 0, 1);
            loader.finishBulk();
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw e;
        }
        report(ImportProgress.Stage.INDEX, 1, 1);
        StoreConnection.release(location);
        System.err.println("装载进程峰值常驻 VmHWM " + peakResident());
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

    /** The server holds our standard input open and never writes to it: end of input means it has gone. */
    private static void watchParent(InputStream in) {
        Thread t = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // nothing is sent; keep reading until the pipe closes
                }
            } catch (IOException ignored) {
                // a broken pipe is the same news
            }
            System.err.println("服务进程已退出，装载中止");
            Runtime.getRuntime().halt(ORPHANED);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
