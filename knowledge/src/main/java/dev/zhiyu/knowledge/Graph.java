package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The knowledge graph: a fact store, the index kept in step with it, and the computations over the index.
 * <p>
 * Writes never make readers wait for a recompute: a load applies its rows to the index under the write lock (short),
 * then computes the new ownership and control beside the readers, who meanwhile see the previous version (the index
 * keeps the changed edge lists, the engine keeps the published results), then publishes under the write lock again.
 * Writers take turns. After loads the computed index is saved in the background as a {@link Snapshot}.
 */
final class Graph implements KnowledgeGraph {
    private final FactStore store;
    private final Consumer<OpenProgress> progress;
    /** Counted down once the index is whole (at once, unless a snapshot is being read in the background). */
    private final CountDownLatch complete = new CountDownLatch(1);
    final GraphIndex index;
    final OwnershipEngine engine;
    private final Queries queries;
    private final GraphRelations relations = new GraphRelations(this);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** One writer at a time: a load, a recompute or a snapshot save. */
    private final ReentrantLock writers = new ReentrantLock();
    private final AtomicLong version = new AtomicLong();
    private final AtomicBoolean saving = new AtomicBoolean();
    /** One snapshot save at a time, so a later save's file is the one left in place. */
    private final ReentrantLock saves = new ReentrantLock();
    /** Wraps the snapshot file's output stream (tests slow it down). */
    volatile UnaryOperator<OutputStream> snapshotOutput = UnaryOperator.identity();
    private volatile boolean dirty;
    private volatile boolean closed;
    private volatile Readiness readiness = new Readiness(Readiness.State.OPENING, 0, -1);
    /** Runs in each turn of the background snapshot read, while it holds its lock (tests park it here). */
    private final Runnable eachChunk;
    /** The store stamp when this view opened, and as of the latest published write (what the search index shows). */
    private final String openStamp;
    private volatile String publishedStamp;
    final SearchIndex search;
    /** Companies whose search documents the write being applied changes (set in apply, marked at publish). */
    private Set<Integer> searchTouched = Set.of();

    Graph(FactStore store) {
        this(store, p -> { });
    }

    Graph(FactStore store, Consumer<OpenProgress> progress) {
        this(store, progress, () -> { });
    }

    Graph(FactStore store, Consumer<OpenProgress> progress, Runnable eachChunk) {
        this.store = store;
        this.progress = progress;
        this.eachChunk = eachChunk;
        this.index = new GraphIndex();
        this.engine = new OwnershipEngine(index);
        this.queries = new Queries(index, engine);
        String stamp = store.stamp();
        this.openStamp = stamp;
        this.publishedStamp = stamp;
        this.search = new SearchIndex(store.snapshotFile()
                .map(f -> f.resolveSibling(f.getFileName() + ".search")).orElse(null));
        Snapshot.View saved = stamp == null ? null : store.snapshotFile().map(f -> {
            progress.accept(new OpenProgress(OpenProgress.Phase.SNAPSHOT, 0, -1));
            return Snapshot.open(f, stamp);
        }).orElse(null);
        if (saved != null && install(saved)) {
            readiness = new Readiness(Readiness.State.SERVING_PARTIAL, 0, saved.size());
            completeInBackground(saved);
        } else {
            if (saved != null) {
                readiness = new Readiness(Readiness.State.REBUILDING, 0, -1);
            }
            rebuild(progress);
            readiness = new Readiness(Readiness.State.READY, index.size(), index.size());
            complete.countDown();
        }
        progress.accept(new OpenProgress(OpenProgress.Phase.READY, index.size(), index.size()));
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    private boolean install(Snapshot.View saved) {
        try {
            saved.install(index, engine);
            return true;
        } catch (Snapshot.Damaged e) {
            index.clear();
            engine.restore(new Holdings[0], null);
            return false;
        }
    }

    /** When the background read of a snapshot began ({@link System#nanoTime}): its pace tells when it may end. */
    private volatile long readStarted;

    long readStarted() {
        return readStarted;
    }

    /** Nodes decoded per turn of the read lock while the rest of a snapshot is read in the background. */
    private static final int CHUNK = 1_024;

    /**
     * Reads the rest of the snapshot beside the readers, who meanwhile decode what they need themselves: both hold only
     * the read lock and meet at the view's (fair) lock for one node's decode at a time. Then hands the index over to plain
     * shared reads under the write lock; writes wait for this ({@link #awaitComplete}).
     */
    private void completeInBackground(Snapshot.View view) {
        readStarted = System.nanoTime();
        Thread.ofPlatform().daemon().name("kg-snapshot-read").start(() -> {
            try {
                for (int next = 0; next < view.size() && !closed; next += CHUNK) {
                    int to = Math.min(view.size(), next + CHUNK);
                    if (!readChunk(view, next, to)) {
                        return;
                    }
                    readiness = new Readiness(Readiness.State.SERVING_PARTIAL, to, view.size());
                }
                if (!closed && index.lazy == view) {
                    GraphIndex.Lookups names = index.lookups();
                    write(() -> {
                        if (index.lazy == view) {
                            index.use(names);
                            index.lazy = null;
                            engine.lazy = null;
                            readiness = new Readiness(Readiness.State.READY, view.size(), view.size());
                        }
                        return null;
                    });
                }
            } catch (Snapshot.Damaged e) {
                recoverFrom(view, e);
            } catch (RuntimeException e) {
                System.getLogger(Graph.class.getName()).log(System.Logger.Level.WARNING, "图谱索引快照后台读入失败", e);
            } finally {
                complete.countDown();
            }
        });
    }

    /** Decodes nodes [from, to) under the read lock; false when the view no longer reads this snapshot. */
    private boolean readChunk(Snapshot.View view, int from, int to) {
        lock.readLock().lock();
        try {
            if (index.lazy != view) {
                return false;
            }
            eachChunk.run();
            view.loadAll(from, to);
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rebuilds from the store once for a damaged snapshot, unless another thread already has. */
    private void recoverFrom(Snapshot.View view, Snapshot.Damaged e) {
        write(() -> {
            if (view != null && index.lazy == view) {
                recover(e);
            }
            return null;
        });
    }

    /** Bytes of the snapshot failed their checksum: forget it and rebuild from the store. Caller holds the write lock. */
    private void recover(Snapshot.Damaged e) {
        System.getLogger(Graph.class.getName()).log(System.Logger.Level.WARNING,
                "图谱索引快照损坏，改为从图库重建：" + e.getMessage());
        readiness = new Readiness(Readiness.State.REBUILDING, 0, -1);
        index.clear();
        engine.restore(new Holdings[0], null);
        rebuild(progress);
        readiness = new Readiness(Readiness.State.READY, index.size(), index.size());
        progress.accept(new OpenProgress(OpenProgress.Phase.READY, index.size(), index.size()));
    }

    /** Waits until a snapshot being read is read whole (writes and whole-view scans need every node). */
    void awaitComplete() {
        try {
            complete.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("等待图谱索引读入时被中断", e);
        }
    }

    /** Replays every fact of the store, checks it as an import would, and computes everything. */
    private void rebuild(Consumer<OpenProgress> progress) {
        FactBatch replay = new FactBatch();
        long[] facts = {0};
        store.replay(f -> {
            FactCodec.addTo(replay, f);
            if (++facts[0] % 100_000 == 0) {
                progress.accept(new OpenProgress(OpenProgress.Phase.REPLAY, facts[0], -1));
            }
        });
        progress.accept(new OpenProgress(OpenProgress.Phase.REPLAY, facts[0], facts[0]));
        Loader.Result r = new Loader(index).load(replay);
        if (!r.rejected().isEmpty()) {
            throw new IllegalStateException("图库数据不一致：" + r.rejected().getFirst());
        }
        progress.accept(new OpenProgress(OpenProgress.Phase.COMPUTE, 0, index.size()));
        engine.recomputeAll();
        if (facts[0] > 0) {
            saveLater();
        }
    }

    /** Set when the store refused a write the index had already taken: the view must be reopened from the store. */
    private volatile boolean stale;

    @Override
    public ImportReport load(FactBatch batch) {
        return load(batch, p -> { });
    }

    @Override
    public ImportReport load(FactBatch batch, Consumer<ImportProgress> progress) {
        awaitComplete();
        writers.lock();
        try {
            progress.accept(new ImportProgress(ImportProgress.Stage.CHECK, 0, batch.size()));
            Loader.Result r = apply(batch);
            persist(r.facts(), progress);
            progress.accept(new ImportProgress(ImportProgress.Stage.COMPUTE, 0, -1));
            publish(r.touched());
            return new ImportReport(r.facts().size(), r.rejected(), r.notes());
        } finally {
            writers.unlock();
        }
    }

    /** Checks and applies the rows; readers wait only for this part. Caller holds {@link #writers}. */
    private Loader.Result apply(FactBatch batch) {
        lock.writeLock().lock();
        try {
            checkFresh();
            index.beginVersion();
            Loader.Result r = new Loader(index).load(batch);
            engine.grow();
            searchTouched = searchChanges(r.facts());
            return r;
        } catch (RuntimeException | Error e) {
            index.endVersion();
            throw e;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Computes the new version beside the readers, then makes it theirs. Returns how many companies were recomputed. */
    private int publish(List<Integer> touched) {
        int n;
        try {
            n = engine.computeVersion(touched);
        } catch (RuntimeException | Error e) {
            abandonVersion();
            throw new IllegalStateException("重新计算股权失败，内存索引已停用；请重新打开图谱：" + e, e);
        }
        lock.writeLock().lock();
        try {
            engine.publish();
            index.endVersion();
            search.changed(searchTouched);
            searchTouched = Set.of();
            publishedStamp = store.stamp();
            version.incrementAndGet();
        } finally {
            lock.writeLock().unlock();
        }
        saveLater();
        return n;
    }

    /**
     * Stores the applied facts beside the readers (a first 1 M import writes for many minutes): they keep the previous
     * ownership and control until {@link #publish}. A refused write leaves the store as it was and this view stale.
     */
    private void persist(List<Object> facts, Consumer<ImportProgress> progress) {
        try {
            store.write(facts, progress);
        } catch (RuntimeException e) {
            abandonVersion();
            throw new IllegalStateException("图库写入失败，本次导入未保存；请重新打开图谱：" + e.getMessage(), e);
        }
    }

    /** Drops the version being written; the view no longer matches its store until reopened. */
    private void abandonVersion() {
        lock.writeLock().lock();
        try {
            engine.discard();
            index.endVersion();
            stale = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkFresh() {
        if (stale) {
            throw new IllegalStateException("图库曾写入失败，内存索引可能与图库不一致；请重新打开图谱");
        }
    }

    /** Applies one shareholding change and recomputes what depends on it; returns the number of companies recomputed. */
    int change(Shareholding s) {
        awaitComplete();
        writers.lock();
        try {
            FactBatch b = new FactBatch().shareholding("变更", 1, s);
            Loader.Result r = apply(b);
            persist(r.facts(), p -> { });
            if (!r.rejected().isEmpty()) {
                publish(r.touched());
                throw new IllegalArgumentException(r.rejected().getFirst().toString());
            }
            return publish(r.touched());
        } finally {
            writers.unlock();
        }
    }

    void recomputeAll() {
        awaitComplete();
        writers.lock();
        try {
            write(() -> {
                engine.recomputeAll();
                return null;
            });
        } finally {
            writers.unlock();
        }
    }

    /** Counts published writes: a search index built at one version is rebuilt at the next. */
    long version() {
        return version.get();
    }

    /** Saves the computed index soon, on a background thread; saves coalesce while one runs. */
    private void saveLater() {
        if (store.snapshotFile().isEmpty() || closed) {
            return;
        }
        dirty = true;
        if (saving.compareAndSet(false, true)) {
            Thread.ofVirtual().name("kg-snapshot").start(() -> {
                try {
                    while (dirty && !closed) {
                        saveNow();
                    }
                } finally {
                    saving.set(false);
                }
            });
        }
    }

    /**
     * Writes the snapshot if a write (or a rebuild) is not in it yet. Writers wait only while the published version is
     * copied; the file is written from the copy while they go on (a write meanwhile marks the next save).
     */
    private void saveNow() {
        Path file = store.snapshotFile().orElse(null);
        if (file == null) {
            return;
        }
        saves.lock();
        try {
            Snapshot.Frozen frozen = freeze();
            if (frozen != null) {
                Snapshot.write(file, frozen, snapshotOutput);
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger(Graph.class.getName()).log(System.Logger.Level.WARNING,
                    "图谱索引快照未能保存（下次启动将从图库重建）：" + file, e);
        } finally {
            saves.unlock();
        }
    }

    /** The published version and its store stamp, copied between writes; null when there is nothing to save. */
    private Snapshot.Frozen freeze() {
        writers.lock();
        try {
            if (!dirty) {
                return null;
            }
            dirty = false;
            String stamp = store.stamp();
            return stamp == null || stale ? null : Snapshot.freeze(stamp, index, engine.results());
        } finally {
            writers.unlock();
        }
    }

    /**
     * Companies whose search documents these stored facts change: a company's own entity, holders or officers, and
     * every company a person whose entity changed holds or serves in. Caller holds the write lock.
     */
    private Set<Integer> searchChanges(List<Object> facts) {
        Set<Integer> out = new HashSet<>();
        for (Object f : facts) {
            switch (f) {
                case Entity e -> {
                    int n = index.node(e.id());
                    if (n >= 0 && e.kind() == EntityKind.PERSON) {
                        index.holdings(n).forEach(h -> out.add(h.company));
                        index.positions.getOrDefault(n, List.of()).forEach(o -> addNode(out, o.company()));
                    } else if (n >= 0) {
                        out.add(n);
                    }
                }
                case Shareholding h -> addNode(out, h.company());
                case Officer o -> addNode(out, o.company());
                default -> {
                }
            }
        }
        return out;
    }

    private void addNode(Set<Integer> out, String id) {
        int n = index.node(id);
        if (n >= 0) {
            out.add(n);
        }
    }

    String openStamp() {
        return openStamp;
    }

    /** The marked companies with the version and store stamp they bring the search index to, taken between publishes. */
    SearchIndex.Drain drainSearch(SearchIndex s) {
        return read(() -> new SearchIndex.Drain(publishedStamp, version.get(), s.drain()));
    }

    /** Every company with what search needs of it: names, codes and the persons who hold or serve in it. */
    List<CompanySearch.Card> companyCards() {
        awaitComplete();
        if (closed) { // a background read cut short by the close: nothing to index
            throw new IllegalStateException("图谱已关闭");
        }
        return read(() -> {
            List<CompanySearch.Card> cards = new ArrayList<>();
            for (int n = 0; n < index.size(); n++) {
                CompanySearch.Card c = card(n);
                if (c != null) {
                    cards.add(c);
                }
            }
            return cards;
        });
    }

    /** The cards of these nodes, null for a node that is not a company. */
    List<CompanySearch.Card> cards(List<Integer> nodes) {
        return read(() -> {
            List<CompanySearch.Card> cards = new ArrayList<>(nodes.size());
            nodes.forEach(n -> cards.add(card(n)));
            return cards;
        });
    }

    String idOf(int node) {
        return read(() -> index.entity(node).id());
    }

    private CompanySearch.Card card(int n) {
        Entity e = index.entity(n);
        if (e.kind() != EntityKind.COMPANY) {
            return null;
        }
        Set<String> persons = new LinkedHashSet<>();
        index.holders(n).forEach(h -> {
            if (index.kind(h.holder) == EntityKind.PERSON) {
                persons.add(index.entity(h.holder).name());
            }
        });
        index.officersOf(n).forEach(o -> {
            int p = index.node(o.person());
            if (p >= 0 && index.kind(p) == EntityKind.PERSON) {
                persons.add(index.entity(p).name());
            }
        });
        return new CompanySearch.Card(e.id(), e.name(), e.formerNames(), e.attribute("listingCode"), List.copyOf(persons));
    }

    /**
     * Runs a query under the read lock (also while a snapshot is still being read node by node: decoding is guarded by
     * the snapshot view's lock). Bytes failing their checksum abort the query; the view is rebuilt from the store under the
     * write lock and the query runs again on the rebuilt index.
     */
    <T> T read(Supplier<T> s) {
        Snapshot.View reading;
        Snapshot.Damaged damaged;
        lock.readLock().lock();
        try {
            checkFresh();
            reading = index.lazy;
            try {
                return s.get();
            } catch (Snapshot.Damaged e) {
                damaged = e;
            }
        } finally {
            lock.readLock().unlock();
        }
        if (reading == null) {
            throw damaged;
        }
        recoverFrom(reading, damaged);
        return read(s);
    }

    private <T> T write(Supplier<T> s) {
        lock.writeLock().lock();
        try {
            return s.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    int require(String ref) {
        int n = index.resolve(ref);
        if (n < 0) {
            throw new UnknownEntityException(ref);
        }
        return n;
    }

    int company(String ref) {
        int n = require(ref);
        if (!index.kind(n).holdable()) {
            throw new InvalidQueryException(null, "“" + ref + "”不是企业");
        }
        return n;
    }

    Queries queries() {
        return queries;
    }

    @Override
    public Optional<Entity> entity(String ref) {
        return read(() -> {
            int n = index.resolve(ref);
            return n < 0 ? Optional.empty() : Optional.of(index.entity(n));
        });
    }

    @Override
    public Ownership ownership(String company) {
        return read(() -> queries.ownership(company(company)));
    }

    @Override
    public Controller controller(String company) {
        return read(() -> queries.controller(company(company)));
    }

    @Override
    public BeneficialOwners beneficialOwners(String company) {
        return read(() -> queries.beneficialOwners(company(company)));
    }

    @Override
    public PenetrationNode penetrate(String company, Direction direction, int levels, int maxNodes) {
        if (levels < 1 || levels > 20) {
            throw new InvalidQueryException("levels", "层数须在 1–20 之间");
        }
        return read(() -> queries.penetrate(require(company), levels, direction == Direction.UP, maxNodes));
    }

    @Override
    public List<EvidencePath> holdingPaths(String holder, String company, int limit) {
        return read(() -> queries.paths(require(holder), company(company), limit));
    }

    @Override
    public Profile profile(String company) {
        return read(() -> {
            int c = company(company);
            List<HolderShare> holders = new ArrayList<>();
            index.holders(c).forEach(e -> holders.add(new HolderShare(queries.party(e.holder), share(e))));
            holders.sort(Comparator.comparingDouble(HolderShare::share).reversed());
            List<HolderShare> holdings = new ArrayList<>();
            index.holdings(c).stream().limit(200).forEach(e -> holdings.add(new HolderShare(queries.party(e.company), share(e))));
            holdings.sort(Comparator.comparingDouble(HolderShare::share).reversed());
            List<Event> events = new ArrayList<>(index.events.getOrDefault(c, List.of()));
            events.sort(Comparator.comparing(Event::date).reversed());
            return new Profile(index.entity(c), holders, holdings, queries.ownership(c, PROFILE_HOLDERS), queries.controller(c),
                    queries.beneficialOwners(c), index.officersOf(c), index.guaranteesOut.getOrDefault(c, List.of()),
                    index.guaranteesIn.getOrDefault(c, List.of()), events.stream().limit(50).toList(),
                    index.produces.getOrDefault(c, List.of()), tags(c), Display.of(index.entity(c)));
        });
    }

    /** Ultimate holders listed in a profile; {@link #ownership} gives them all. */
    static final int PROFILE_HOLDERS = 100;

    /** The share as disclosed (before any rounding normalisation). */
    private static double share(Edge e) {
        return e.unknown() ? Double.NaN : e.fact.equity();
    }

    List<String> tags(int c) {
        return Tags.basic(this, c);
    }

    @Override
    public Relations relations() {
        return relations;
    }

    @Override
    public SparqlResult sparql(String query, SparqlLimits limits) {
        return store.sparql(query, limits);
    }

    @Override
    public int size() {
        return read(index::size);
    }

    /** Saves a snapshot the background saver has not written yet, then closes the store. */
    @Override
    public void close() {
        closed = true;
        saveNow();
        search.close();
        store.close();
    }
}
