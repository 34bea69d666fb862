package dev.zhiyu.knowledge;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.jena.dboe.base.block.FileMode;
import org.apache.jena.dboe.sys.SystemIndex;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.sparql.exec.http.Service;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.graph.compose.MultiUnion;

/**
 * Facts as triples in embedded TDB2. A tenant's store writes to its own dataset and reads the shared reference
 * dataset too (replay and SPARQL see the union); the reference dataset is never written through a tenant.
 */
final class TdbStore implements FactStore {
    /**
     * How TDB2 reads and writes its block files, for the whole process (Jena keeps one mode per JVM, fixed when the
     * first store opens). {@code mapped} (the default, Jena's own on 64-bit): the files are memory-mapped, so the
     * process's resident size grows with the store by the file pages it touches (kernel page cache, reclaimable; 11.8
     * GB peak at a 1 M import under -Xmx4g). {@code direct}: blocks go through heap caches whose sizes Jena 5.6 fixes
     * (10,000 read + 2,000 write blocks of 8 KiB per index file), so the store's memory stays inside {@code -Xmx} — but
     * a bulk import writes every evicted block back through a system call and took 2.5 times as long at 250,000
     * companies. Measured both ways: knowledge/README.md, "Import memory".
     */
    static final String FILE_MODE = "zhiyu.kg.tdbFileMode";
    /**
     * Where a first bulk import into an empty on-disk store is written: {@code process} (default; a loader process
     * builds a new store generation, {@link BulkGeneration}) or {@code inprocess} (Jena's loader in this JVM, the
     * earlier way: the store's mapped pages count in the server's resident size).
     */
    static final String BULK_LOADER = "zhiyu.kg.bulkLoader";

    private static final System.Logger LOG = System.getLogger(TdbStore.class.getName());

    static {
        chooseFileMode();
    }

    private final Dataset own;
    private final Dataset shared;
    private final Path snapshot;
    private final SparqlRunner runner = new SparqlRunner();
    /** Writes a first bulk import beside the live store (on-disk stores only). */
    private final BulkGeneration generation;

    private TdbStore(Dataset own, Dataset shared, Path snapshot) {
        this.own = own;
        this.shared = shared;
        this.snapshot = snapshot;
        org.apache.jena.tdb2.store.DatasetGraphSwitchable container =
                org.apache.jena.tdb2.sys.TDBInternal.getDatabaseContainer(own.asDatasetGraph());
        this.generation = container != null && container.hasContainerPath() && separateLoader()
                ? new BulkGeneration(container) : null;
    }

    static TdbStore open(Path dir) {
        return new TdbStore(connect(dir), null, snapshotOf(dir));
    }

    static TdbStore tenant(Path tenantDir, Path referenceDir) {
        return new TdbStore(connect(tenantDir), connect(referenceDir), snapshotOf(tenantDir));
    }

    static TdbStore memory() {
        return new TdbStore(TDB2Factory.createDataset(), null, null);
    }

    private static void chooseFileMode() {
        String wanted = System.getProperty(FILE_MODE, "mapped");
        FileMode mode = fileMode(wanted);
        SystemIndex.setFileMode(mode);
        if (SystemIndex.fileMode() != mode) {
            LOG.log(System.Logger.Level.WARNING, "图库文件模式已被先打开的 TDB2 定为 {0}，{1}={2} 未生效", SystemIndex.fileMode(),
                    FILE_MODE, wanted);
        }
    }

    static FileMode fileMode(String setting) {
        try {
            return FileMode.valueOf(setting.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("配置 " + FILE_MODE + "=" + setting + " 无效：应为 direct 或 mapped", e);
        }
    }

    static boolean separateLoader() {
        String v = System.getProperty(BULK_LOADER, "process").strip();
        return switch (v) {
            case "process" -> true;
            case "inprocess" -> false;
            default -> throw new IllegalArgumentException("配置 " + BULK_LOADER + "=" + v + " 无效：应为 process 或 inprocess");
        };
    }

    /** The file mode in effect for every TDB2 store of this process. */
    static FileMode fileMode() {
        return SystemIndex.fileMode();
    }

    /** Beside the TDB2 directory, never inside it (TDB2 owns its directory). */
    private static Path snapshotOf(Path dir) {
        Path abs = dir.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".index");
    }

    /**
     * Another process holding the store (TDB2 locks its directory per JVM) is said plainly: {@link StoreBusyException}.
     */
    private static Dataset connect(Path dir) {
        try {
            return TDB2Factory.connectDataset(dir.toString());
        } catch (RuntimeException e) {
            if (lockedElsewhere(e)) {
                throw new StoreBusyException(dir, e);
            }
            throw e;
        }
    }

    /** TDB2 says so with AlreadyLocked, or with a DBOpEnvException naming the process that holds tdb.lock. */
    private static boolean lockedElsewhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.jena.dboe.base.file.AlreadyLocked || t instanceof java.nio.channels.OverlappingFileLockException
                    || (t instanceof org.apache.jena.dboe.DBOpEnvException && String.valueOf(t.getMessage()).contains("lock"))) {
                return true;
            }
        }
        return false;
    }

    private static final String STORE = "https://zhiyu.dev/kg#store";

    /** Every write counts one generation, in the same transaction as the facts. */
    private static void nextGeneration(Model m) {
        Resource store = m.createResource(STORE);
        Property gen = p(m, "generation");
        Statement old = store.getProperty(gen);
        long next = old == null ? 1 : old.getLong() + 1;
        store.removeAll(gen);
        store.addLiteral(gen, next);
    }

    private static long generation(Dataset ds) {
        return Txn.calculateRead(ds, () -> {
            Model m = ds.getDefaultModel();
            Statement s = m.createResource(STORE).getProperty(p(m, "generation"));
            return s == null ? (m.isEmpty() ? 0 : -1) : s.getLong();
        });
    }

    @Override
    public String stamp() {
        long mine = generation(own);
        long ref = shared == null ? 0 : generation(shared);
        return mine < 0 || ref < 0 ? null : "own=" + mine + ";reference=" + ref;
    }

    @Override
    public java.util.Optional<Path> snapshotFile() {
        return java.util.Optional.ofNullable(snapshot);
    }

    /** A first import this large goes through TDB2's bulk loader (an order of magnitude faster than transactions). */
    static final int BULK = 20_000;

    @Override
    public void write(List<Object> facts) {
        write(facts, p -> { });
    }

    /**
     * A first import of at least {@link #BULK} facts into an empty on-disk store is built as a new store generation by a
     * separate loader process and switched in ({@link BulkGeneration}); in memory it goes through the bulk loader here.
     * Anything else is one transaction.
     */
    @Override
    public void write(List<Object> facts, Consumer<ImportProgress> progress) {
        if (facts.size() >= BULK && Txn.calculateRead(own, () -> own.asDatasetGraph().isEmpty())) {
            if (generation != null) {
                BitSet replaced = replaced(facts);
                generation.write(facts, replaced, TdbStore::nextGeneration, progress);
                return;
            }
            bulk(facts, progress);
            Txn.executeWrite(own, () -> nextGeneration(own.getDefaultModel()));
            return;
        }
        progress.accept(new ImportProgress(ImportProgress.Stage.WRITE, 0, facts.size()));
        Txn.executeWrite(own, () -> {
            Model m = own.getDefaultModel();
            facts.forEach(f -> put(m, f));
            nextGeneration(m);
        });
        progress.accept(new ImportProgress(ImportProgress.Stage.WRITE, facts.size(), facts.size()));
    }

    @Override
    public void replay(Consumer<Object> sink) {
        if (shared != null) {
            replay(shared, sink);
        }
        replay(own, sink);
    }

    private static void replay(Dataset ds, Consumer<Object> sink) {
        Txn.executeRead(ds, () -> {
            Model m = ds.getDefaultModel();
            Property type = m.createProperty(Vocabulary.term("factType"));
            Property json = m.createProperty(Vocabulary.term("fact"));
            Map<String, List<Object>> byType = new LinkedHashMap<>();
            FactCodec.TYPES.forEach(t -> byType.put(t.getSimpleName(), new ArrayList<>()));
            m.listStatements(null, type, (RDFNode) null).forEachRemaining(s -> {
                String t = s.getString();
                Statement j = s.getSubject().getProperty(json);
                byType.get(t).add(FactCodec.read(t, j.getString()));
            });
            byType.values().forEach(l -> l.forEach(sink));
        });
    }

    /** Later facts for the same node replace earlier ones, as in a transaction; chunks keep memory bounded. */
    private void bulk(List<Object> facts, Consumer<ImportProgress> listener) {
        BitSet replaced = replaced(facts);
        org.apache.jena.tdb2.loader.DataLoader loader = org.apache.jena.tdb2.loader.LoaderFactory.sequentialLoader(
                own.asDatasetGraph(), (fmt, args) -> LOG.log(System.Logger.Level.DEBUG, () -> String.format(fmt, args)));
        Progress progress = new Progress(facts.size(), listener);
        loader.startBulk();
        try {
            List<Object> chunk = new ArrayList<>(BULK);
            for (int i = 0; i < facts.size(); i++) {
                if (!replaced.get(i)) {
                    chunk.add(facts.get(i));
                }
                if (chunk.size() == BULK) {
                    send(loader, chunk);
                    progress.at(i + 1);
                }
            }
            send(loader, chunk);
            progress.at(facts.size());
            LOG.log(System.Logger.Level.INFO, "图库批量写入：事实已写完，正在建二级索引");
            listener.accept(new ImportProgress(ImportProgress.Stage.INDEX, 0, 1));
            loader.finishBulk();
            listener.accept(new ImportProgress(ImportProgress.Stage.INDEX, 1, 1));
            LOG.log(System.Logger.Level.INFO, "图库批量写入完成：{0} 条事实，用时 {1} 秒", facts.size(), progress.seconds());
        } catch (RuntimeException e) {
            loader.finishException(e);
            throw e;
        }
    }

    /** A log line each time another twentieth of the facts has been written (a 1 M import runs for many minutes). */
    private static final class Progress {
        private final int total;
        private final long start = System.nanoTime();
        private final Consumer<ImportProgress> listener;
        private int reported;

        Progress(int total, Consumer<ImportProgress> listener) {
            this.total = total;
            this.listener = listener;
        }

        void at(int done) {
            listener.accept(new ImportProgress(ImportProgress.Stage.WRITE, done, total));
            int step = (int) (20L * done / Math.max(1, total));
            if (step > reported) {
                reported = step;
                LOG.log(System.Logger.Level.INFO, "图库批量写入：{0} / {1} 条事实（{2}%），已用 {3} 秒",
                        String.format("%,d", done), String.format("%,d", total), 5 * step, seconds());
            }
        }

        long seconds() {
            return (System.nanoTime() - start) / 1_000_000_000L;
        }
    }

    /**
     * The facts a later fact for the same node replaces. An open-addressing table of 64-bit hashes of the node IRIs
     * (12 bytes a slot, two slots a fact) instead of a map keyed by the IRIs: at 1 M companies (6.4 M facts) that map
     * held ≈ 0.9 GB of IRI strings and entries through the whole bulk load; equal hashes are confirmed on the IRIs.
     */
    static BitSet replaced(List<Object> facts) {
        int n = facts.size();
        int cap = Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1;
        long[] hashes = new long[cap];
        int[] at = new int[cap];
        java.util.Arrays.fill(at, -1);
        BitSet replaced = new BitSet(n);
        for (int i = 0; i < n; i++) {
            String iri = iri(facts.get(i));
            long h = hash(iri);
            int slot = (int) (h ^ (h >>> 32)) & (cap - 1);
            while (at[slot] >= 0) {
                if (hashes[slot] == h && iri(facts.get(at[slot])).equals(iri)) {
                    replaced.set(at[slot]);
                    break;
                }
                slot = (slot + 1) & (cap - 1);
            }
            hashes[slot] = h;
            at[slot] = i;
        }
        return replaced;
    }

    /** FNV-1a, 64 bits, over the UTF-16 units. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    private static void send(org.apache.jena.tdb2.loader.DataLoader loader, List<Object> chunk) {
        Model m = ModelFactory.createDefaultModel();
        chunk.forEach(f -> put(m, f));
        m.getGraph().find().forEachRemaining(loader.stream()::triple);
        chunk.clear();
    }

    static String iri(Object f) {
        return f instanceof Entity e ? Vocabulary.entity(e.id()) : Vocabulary.fact(f.getClass().getSimpleName(), key(f));
    }

    static void put(Model m, Object f) {
        Resource node = m.createResource(iri(f));
        if (f instanceof Entity) {
            clearEntity(m, node);
        } else {
            m.removeAll(node, null, null);
        }
        node.addProperty(p(m, "factType"), f.getClass().getSimpleName());
        node.addProperty(p(m, "fact"), FactCodec.json(f));
        RdfFacts.describe(m, node, f);
    }

    /** An entity node also carries links other facts add (guarantees, produces, supplies): keep those. */
    private static void clearEntity(Model m, Resource node) {
        Statement old = node.getProperty(p(m, "fact"));
        if (old != null) {
            Entity e = (Entity) FactCodec.read("Entity", old.getString());
            e.attributes().keySet().forEach(k -> m.removeAll(node, p(m, k), null));
        }
        m.removeAll(node, RDF.type, null);
        for (String k : List.of("factType", "fact", "id", "name", "formerName", "source", "sourceDate")) {
            m.removeAll(node, p(m, k), null);
        }
    }

    static Property p(Model m, String local) {
        return m.createProperty(Vocabulary.term(local));
    }

    private static String key(Object f) {
        return switch (f) {
            case Shareholding s -> s.holder() + "|" + s.company();
            case Product p -> p.id();
            case Officer o -> o.person() + "|" + o.company() + "|" + o.role();
            case Produces p -> p.company() + "|" + p.product();
            case ProductLink l -> l.upstream() + "|" + l.downstream();
            case ConcertAgreement a -> a.groupId();
            default -> Integer.toHexString(Objects.hash(FactCodec.json(f)));
        };
    }

    @Override
    public SparqlResult sparql(String text, SparqlLimits limits) {
        return runner.run(limits, budget -> {
            Query q = SparqlPlan.check(text);
            if (!q.hasLimit() || q.getLimit() > limits.maxRows()) {
                q.setLimit(limits.maxRows() + 1L);
            }
            return Txn.calculateRead(own, () -> shared == null
                    ? run(q, view(budget.guard(own.asDatasetGraph().getDefaultGraph())), limits)
                    : Txn.calculateRead(shared, () -> run(q, view(budget.guard(union())), limits)));
        });
    }

    private static Dataset view(Graph g) {
        return DatasetFactory.wrap(ModelFactory.createModelForGraph(g));
    }

    private Graph union() {
        return new MultiUnion(new Graph[] {shared.asDatasetGraph().getDefaultGraph(), own.asDatasetGraph().getDefaultGraph()});
    }

    private static SparqlResult run(Query q, Dataset ds, SparqlLimits limits) {
        try (QueryExecution qe = QueryExecution.dataset(ds).query(q).set(Service.serviceAllowed, false)
                .timeout(limits.timeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).build()) {
            if (q.isAskType()) {
                return new SparqlResult(List.of(), List.of(), qe.execAsk(), false);
            }
            ResultSet rs = qe.execSelect();
            List<Map<String, String>> rows = new ArrayList<>();
            boolean truncated = false;
            while (rs.hasNext()) {
                QuerySolution s = rs.next();
                if (rows.size() == limits.maxRows()) {
                    truncated = true;
                    break;
                }
                Map<String, String> row = new LinkedHashMap<>();
                rs.getResultVars().forEach(v -> {
                    RDFNode n = s.get(v);
                    if (n != null) {
                        row.put(v, n.isLiteral() ? n.asLiteral().getLexicalForm() : n.toString());
                    }
                });
                rows.add(row);
            }
            return new SparqlResult(rs.getResultVars(), rows, null, truncated);
        } catch (QueryCancelledException e) {
            throw new SparqlException("SPARQL 查询超时（" + limits.timeoutMillis() + " 毫秒），已终止：请缩小查询范围或加上 LIMIT",
                    SparqlException.Reason.TIMEOUT);
        }
    }

    @Override
    public void close() {
        // TDB2 datasets are cached per location by Jena and released with the JVM; a running loader process is stopped.
        if (generation != null) {
            generation.close();
        }
    }

    static Literal date(Model m, LocalDate d) {
        return m.createTypedLiteral(d.toString(), org.apache.jena.datatypes.xsd.XSDDatatype.XSDdate);
    }

    static Resource type(Model m, String local) {
        return m.createResource(Vocabulary.term(local));
    }

    static void typed(Resource r, Model m, String local) {
        r.addProperty(RDF.type, type(m, local));
    }
}
