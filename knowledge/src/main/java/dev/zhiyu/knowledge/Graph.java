package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** The knowledge graph: a fact store, the index kept in step with it, and the computations over the index. */
final class Graph implements KnowledgeGraph {
    private final FactStore store;
    final GraphIndex index = new GraphIndex();
    final OwnershipEngine engine = new OwnershipEngine(index);
    private final Queries queries = new Queries(index, engine);
    private final GraphRelations relations = new GraphRelations(this);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    Graph(FactStore store) {
        this.store = store;
        FactBatch replay = new FactBatch();
        store.replay(f -> FactCodec.addTo(replay, f));
        Loader.Result r = new Loader(index).load(replay);
        if (!r.rejected().isEmpty()) {
            throw new IllegalStateException("图库数据不一致：" + r.rejected().getFirst());
        }
        engine.recomputeAll();
    }

    /** Set when the store refused a write the index had already taken: the view must be reopened from the store. */
    private volatile boolean stale;

    @Override
    public ImportReport load(FactBatch batch) {
        lock.writeLock().lock();
        try {
            checkFresh();
            Loader.Result r = new Loader(index).load(batch);
            persist(r.facts());
            engine.recompute(r.touched());
            return new ImportReport(r.facts().size(), r.rejected(), r.notes());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void persist(List<Object> facts) {
        try {
            store.write(facts);
        } catch (RuntimeException e) {
            stale = true;
            throw new IllegalStateException("图库写入失败，本次导入未保存；请重新打开图谱：" + e.getMessage(), e);
        }
    }

    private void checkFresh() {
        if (stale) {
            throw new IllegalStateException("图库曾写入失败，内存索引可能与图库不一致；请重新打开图谱");
        }
    }

    /** Applies one shareholding change and recomputes what depends on it; returns the number of companies recomputed. */
    int change(Shareholding s) {
        lock.writeLock().lock();
        try {
            checkFresh();
            Loader.Result r = new Loader(index).load(new FactBatch().shareholding("变更", 1, s));
            if (!r.rejected().isEmpty()) {
                throw new IllegalArgumentException(r.rejected().getFirst().toString());
            }
            persist(r.facts());
            return engine.recompute(r.touched());
        } finally {
            lock.writeLock().unlock();
        }
    }

    void recomputeAll() {
        write(() -> {
            engine.recomputeAll();
            return null;
        });
    }

    <T> T read(Supplier<T> s) {
        lock.readLock().lock();
        try {
            checkFresh();
            return s.get();
        } finally {
            lock.readLock().unlock();
        }
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

    @Override
    public void close() {
        store.close();
    }
}
