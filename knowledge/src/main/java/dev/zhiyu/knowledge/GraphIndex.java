package dev.zhiyu.knowledge;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory graph the Java computations run on, kept in step with the triple store. Not thread-safe: guarded by the
 * caller. While a write's recompute runs beside readers ({@link #beginVersion}), every other thread sees the holder
 * and holding lists of the companies the write touched as they were before it (kept copies), so ownership answers stay
 * those of the previous consistent version until the new one is published.
 */
final class GraphIndex {
    static final int UNKNOWN = -1;
    static final int AMBIGUOUS = -2;

    final ArrayList<Entity> entities = new ArrayList<>();
    final Map<String, Integer> byId = new HashMap<>();
    final Map<String, Integer> byName = new HashMap<>();
    final ArrayList<List<Edge>> in = new ArrayList<>();
    final ArrayList<List<Edge>> out = new ArrayList<>();
    final Map<Integer, List<Officer>> officers = new NodeMap<>(this);
    final Map<Integer, List<Officer>> positions = new NodeMap<>(this);
    final Map<Integer, List<Guarantee>> guaranteesOut = new NodeMap<>(this);
    final Map<Integer, List<Guarantee>> guaranteesIn = new NodeMap<>(this);
    final Map<Integer, List<Event>> events = new NodeMap<>(this);
    final Map<Integer, List<DeclaredInterest>> interests = new NodeMap<>(this);
    /** Per company: group node → its member nodes (一致行动人). */
    final Map<Integer, Map<Integer, List<Integer>>> concerts = new NodeMap<>(this);
    final Map<String, Product> products = new HashMap<>();
    final Map<String, List<String>> downstream = new HashMap<>();
    final Map<String, List<String>> upstream = new HashMap<>();
    final Map<Integer, List<String>> produces = new NodeMap<>(this);
    final Map<String, List<Integer>> producers = new HashMap<>();
    /** Product → its direct children (the reverse of {@link Product#parents()}). */
    final Map<String, List<String>> productChildren = new HashMap<>();
    /** Company → product → share of its business, where disclosed. */
    final Map<Integer, Map<String, Double>> productWeights = new NodeMap<>(this);
    final Map<Integer, List<Supply>> suppliesOut = new NodeMap<>(this);
    final Map<Integer, List<Supply>> suppliesIn = new NodeMap<>(this);

    /**
     * While a snapshot is read node by node: where parts not decoded yet come from (null once all are). Meanwhile every
     * read of a per-node part goes through the view's lock, which also guards each decode, so concurrent readers
     * (under the graph's read lock) see whole parts; the graph hands over to plain reads under its write lock.
     */
    volatile Snapshot.View lazy;

    private Map<Integer, List<Edge>> priorIn = new HashMap<>();
    private Map<Integer, List<Edge>> priorOut = new HashMap<>();
    private boolean recording;
    /** The thread computing the next version: the only one that sees the changed lists before they are published. */
    private volatile Thread writer;

    int size() {
        return entities.size();
    }

    /** From now on (caller holds the write lock) changed edge lists keep a copy for readers of the previous version. */
    void beginVersion() {
        recording = true;
        writer = Thread.currentThread();
    }

    /** Publishes the changed lists to every reader (caller holds the write lock). */
    void endVersion() {
        recording = false;
        writer = null;
        priorIn = new HashMap<>();
        priorOut = new HashMap<>();
    }

    private boolean previousView() {
        Thread w = writer;
        return w != null && w != Thread.currentThread();
    }

    private void keep(Map<Integer, List<Edge>> prior, ArrayList<List<Edge>> lists, int n) {
        if (recording && !prior.containsKey(n)) {
            List<Edge> l = lists.get(n);
            prior.put(n, l == null ? List.of() : List.copyOf(l));
        }
    }

    /** Keeps a company's holder list and each holder's holding list (rounding normalisation rewrites those too). */
    private void keepCompany(int company) {
        keep(priorIn, in, company);
        for (Edge e : in.get(company) == null ? List.<Edge>of() : in.get(company)) {
            keep(priorOut, out, e.holder);
        }
    }

    Entity entity(int n) {
        Snapshot.View v = lazy;
        return v != null ? v.locked(() -> v.entity(n)) : entities.get(n);
    }

    EntityKind kind(int n) {
        return entity(n).kind();
    }

    int node(String id) {
        Integer n = byId.get(id);
        Snapshot.View v = lazy;
        return n != null ? n : v != null ? v.locked(() -> v.lookup(id, false)) : UNKNOWN;
    }

    /** A reference as a source wrote it: an id/code first, then a normalised current or former name. */
    int resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            return UNKNOWN;
        }
        int n = node(PersonIds.isIdCard(ref) ? PersonIds.pseudonym(ref) : ref.trim());
        if (n != UNKNOWN) {
            return n;
        }
        String name = Names.normalise(ref);
        Integer m = byName.get(name);
        Snapshot.View v = lazy;
        return m != null ? m : v != null ? v.locked(() -> v.lookup(name, true)) : UNKNOWN;
    }

    /** Inserts or updates; a changed name keeps the old one as a former name. */
    int put(Entity e) {
        Integer existing = byId.get(e.id());
        if (existing == null) {
            int n = entities.size();
            entities.add(e);
            in.add(null);
            out.add(null);
            byId.put(e.id(), n);
            indexNames(n, e);
            return n;
        }
        Entity old = entities.get(existing);
        List<String> former = new ArrayList<>(old.formerNames());
        for (String f : e.formerNames()) {
            if (!former.contains(f)) {
                former.add(f);
            }
        }
        if (!old.name().equals(e.name()) && !former.contains(old.name())) {
            former.add(old.name());
        }
        Map<String, String> attrs = new HashMap<>(old.attributes());
        attrs.putAll(e.attributes());
        Entity merged = new Entity(e.id(), e.kind(), e.name(), former, attrs, e.source());
        entities.set(existing, merged);
        indexNames(existing, merged);
        return existing;
    }

    /** Ids and names from the entities alone (a snapshot keeps the entities, not these lookups). */
    void reindex() {
        byId.clear();
        byName.clear();
        for (int n = 0; n < entities.size(); n++) {
            byId.put(entities.get(n).id(), n);
            indexNames(n, entities.get(n));
        }
    }

    /** Names, former names and the stock code: a code is how analysts often refer to a listed company. */
    private void indexNames(int n, Entity e) {
        nameTo(e.name(), n);
        String code = e.attribute("listingCode");
        if (code != null && !code.isBlank()) {
            nameTo(code, n);
        }
        e.formerNames().forEach(f -> nameTo(f, n));
    }

    private void nameTo(String name, int n) {
        byName.merge(Names.normalise(name), n, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
    }

    List<Edge> holders(int company) {
        if (previousView()) {
            List<Edge> p = priorIn.get(company);
            if (p != null) {
                return p;
            }
        }
        Snapshot.View v = lazy;
        List<Edge> l = v != null ? v.locked(() -> v.in(company)) : in.get(company);
        return l == null ? List.of() : l;
    }

    List<Edge> holdings(int holder) {
        if (previousView()) {
            List<Edge> p = priorOut.get(holder);
            if (p != null) {
                return p;
            }
        }
        Snapshot.View v = lazy;
        List<Edge> l = v != null ? v.locked(() -> v.out(holder)) : out.get(holder);
        return l == null ? List.of() : l;
    }

    /** Replaces any earlier holding between the same two parties; returns the replaced edge or null. */
    Edge putHolding(Edge e) {
        keepCompany(e.company);
        keep(priorOut, out, e.holder);
        Edge old = unlink(e.holder, e.company);
        listAt(in, e.company).add(e);
        listAt(out, e.holder).add(e);
        normalise(e.company);
        return old;
    }

    Edge removeHolding(int holder, int company) {
        keepCompany(company);
        Edge old = unlink(holder, company);
        if (old != null) {
            normalise(company);
        }
        return old;
    }

    private Edge unlink(int holder, int company) {
        List<Edge> l = in.get(company);
        if (l == null) {
            return null;
        }
        for (int i = 0; i < l.size(); i++) {
            Edge e = l.get(i);
            if (e.holder == holder) {
                l.remove(i);
                out.get(holder).remove(e);
                return e;
            }
        }
        return null;
    }

    /** Scales a company's holdings down to 100% when registry rounding took their sum over it (the loader bounds how far). */
    private void normalise(int company) {
        double total = disclosedTotal(company, -1);
        double scale = total > 1 ? 1 / total : 1;
        List<Edge> l = in.get(company);
        for (int i = 0; l != null && i < l.size(); i++) {
            Edge e = l.get(i);
            if (e.scale != scale) {
                Edge s = e.scaled(scale);
                l.set(i, s);
                List<Edge> o = out.get(e.holder);
                o.set(o.indexOf(e), s);
            }
        }
    }

    /** Sum of the disclosed equity shares in a company (as the source wrote them), leaving out one holder. */
    double disclosedTotal(int company, int except) {
        double sum = 0;
        for (Edge e : holders(company)) {
            if (e.holder != except && e.fact.equity() != null) {
                sum += e.fact.equity();
            }
        }
        return sum;
    }

    /** Sum of known equity shares in a company, leaving out one holder (to validate a replacement). */
    double equityTotal(int company, int except) {
        double sum = 0;
        for (Edge e : holders(company)) {
            if (e.holder != except && !e.unknown()) {
                sum += e.equity;
            }
        }
        return sum;
    }

    private static List<Edge> listAt(ArrayList<List<Edge>> lists, int n) {
        List<Edge> l = lists.get(n);
        if (l == null) {
            l = new ArrayList<>(2);
            lists.set(n, l);
        }
        return l;
    }

    static <K, V> void add(Map<K, List<V>> m, K k, V v) {
        m.computeIfAbsent(k, x -> new ArrayList<>(2)).add(v);
    }

    /** Ids and names of every entity, built beside readers once a snapshot's entities are all decoded. */
    record Lookups(Map<String, Integer> byId, Map<String, Integer> byName) {
    }

    Lookups lookups() {
        GraphIndex c = new GraphIndex();
        c.entities.addAll(entities);
        c.reindex();
        return new Lookups(c.byId, c.byName);
    }

    /** Caller holds the write lock. */
    void use(Lookups l) {
        byId.putAll(l.byId());
        byName.putAll(l.byName());
    }

    /** Forgets everything (a damaged snapshot was being read): the view is rebuilt from the store. */
    void clear() {
        lazy = null;
        entities.clear();
        in.clear();
        out.clear();
        byId.clear();
        byName.clear();
        for (Field f : Snapshot.savedFields()) {
            try {
                if (f.get(this) instanceof Map<?, ?> m) {
                    m.clear();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A map keyed by node whose entries, while a snapshot is read node by node, are decoded on first use (only
     * {@code get}, {@code getOrDefault} and {@code containsKey} are used on them while reading).
     */
    static final class NodeMap<V> extends HashMap<Integer, V> {
        private static final long serialVersionUID = 1L;
        private final transient GraphIndex owner;
        transient int part = -1;

        NodeMap(GraphIndex owner) {
            this.owner = owner;
        }

        @Override
        public V get(Object key) {
            Snapshot.View v = owner.lazy;
            if (v == null || part < 0) {
                return super.get(key);
            }
            return v.locked(() -> {
                fault(v, key);
                return super.get(key);
            });
        }

        @Override
        public V getOrDefault(Object key, V fallback) {
            Snapshot.View v = owner.lazy;
            if (v == null || part < 0) {
                return super.getOrDefault(key, fallback);
            }
            return v.locked(() -> {
                fault(v, key);
                return super.getOrDefault(key, fallback);
            });
        }

        @Override
        public boolean containsKey(Object key) {
            Snapshot.View v = owner.lazy;
            if (v == null || part < 0) {
                return super.containsKey(key);
            }
            return v.locked(() -> {
                fault(v, key);
                return super.containsKey(key);
            });
        }

        private void fault(Snapshot.View v, Object key) {
            if (key instanceof Integer n) {
                v.fault(part, n);
            }
        }
    }

    List<Officer> officersOf(int company) {
        return officers.getOrDefault(company, List.of());
    }
}
