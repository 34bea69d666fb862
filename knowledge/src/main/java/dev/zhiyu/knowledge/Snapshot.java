package dev.zhiyu.knowledge;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * The computed index (graph, effective ownership, control decisions) saved beside the store, so that a restart reads
 * it instead of replaying every fact and recomputing. The file names the store generation it was taken at and the shape
 * of every record it holds; a file for another generation or shape is not used. Written to a temporary file and moved
 * into place, so a crash mid-write leaves the previous file.
 * <p>
 * Layout (format 4; format 3 had {@code int} offsets, so no file over 2 GiB): one record per node (entity, holder
 * edges, holding references, each per-node map, computed result — each part at an offset in the record's header), the
 * table of record offsets, the product maps, sorted id and name tables, one pool of strings, then a trailer (stamp,
 * shape, section offsets, a CRC32 per 64 KiB block of everything before it, its own CRC); file offsets are
 * {@code long}s. Opening maps the file in segments ({@link MappedFile}) and checks only the trailer; a {@link View}
 * then decodes a node's part the first time it is asked for, after checking the CRC of every block the bytes lie in,
 * so nothing is ever answered from bytes that fail their checksum ({@link Damaged}).
 */
final class Snapshot {
    private static final long MAGIC = 0x5a594b47534e4150L; // "ZYKGSNAP"
    private static final int FORMAT = 4;
    static final int BLOCK = 1 << 16;
    /** Segment size of the mapping, 2^bits bytes; tests make it small so records and blocks span segments. */
    static volatile int segmentBits = MappedFile.SEGMENT_BITS;
    /** Rebuilt from the entities on load, or transient write state. */
    private static final Set<String> NOT_SAVED = Set.of("byId", "byName", "in", "out", "priorIn", "priorOut",
            "recording", "writer", "lazy");
    /** Per-node maps holding the same objects as another map: saved as references to them (mirror → owner). */
    private static final Map<String, String> MIRRORS = Map.of("positions", "officers", "guaranteesIn", "guaranteesOut",
            "suppliesIn", "suppliesOut");
    private static final int ENTITY = 0;
    private static final int IN = 1;
    private static final int OUT = 2;
    private static final int RESULT = 3;
    private static final int MAPS = 4;

    private Snapshot() {
    }

    /** Bytes a snapshot answer would have come from failed their checksum: the view must be rebuilt from the store. */
    static final class Damaged extends RuntimeException {
        Damaged(String message) {
            super(message, null, false, false);
        }
    }

    /** Everything whose layout the file depends on: a change to any of them makes older files unusable. */
    static String shape() {
        StringBuilder b = new StringBuilder(SnapshotCodec.shape(new ArrayList<>(FactCodec.TYPES)));
        for (Field f : savedFields()) {
            b.append(f.getName()).append(':').append(f.getGenericType().getTypeName()).append(';');
        }
        for (Field f : Holdings.class.getDeclaredFields()) {
            b.append(f.getName()).append(':').append(f.getGenericType().getTypeName()).append(';');
        }
        b.append(Arrays.toString(ControlBasis.values())).append(Arrays.toString(EntityKind.values()));
        return b.toString();
    }

    static List<Field> savedFields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : GraphIndex.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !NOT_SAVED.contains(f.getName())) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        fields.sort(Comparator.comparing(Field::getName));
        return fields;
    }

    /** Maps keyed by node number (saved in each node's record); the others (products) are saved whole. */
    private static boolean perNode(Field f) {
        return f.getGenericType() instanceof ParameterizedType p && p.getRawType() == Map.class
                && p.getActualTypeArguments()[0] == Integer.class;
    }

    private static List<Field> nodeMaps() {
        return savedFields().stream().filter(Snapshot::perNode).toList();
    }

    private static List<Field> globalMaps() {
        return savedFields().stream().filter(f -> !perNode(f) && !f.getName().equals("entities")).toList();
    }

    private static Type valueType(Field f) {
        return ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[1];
    }

    private static Type elementType(Field f) {
        return ((ParameterizedType) valueType(f)).getActualTypeArguments()[0];
    }

    /** A copy of one published version, to be written while writers go on. */
    record Frozen(String stamp, GraphIndex index, Holdings[] results) {
    }

    /**
     * Copies every list and map of the index (the records in them are immutable and shared), so the copy stays as it
     * is while later writes change the index. Caller holds the writer turn.
     */
    static Frozen freeze(String stamp, GraphIndex g, Holdings[] results) {
        GraphIndex c = new GraphIndex();
        try {
            for (Field f : savedFields()) {
                f.set(c, copy(f.get(g)));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        for (List<Edge> l : g.in) {
            c.in.add(l == null ? null : new ArrayList<>(l));
        }
        for (List<Edge> l : g.out) {
            c.out.add(l == null ? null : new ArrayList<>(l));
        }
        return new Frozen(stamp, c, results.clone());
    }

    private static Object copy(Object v) {
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            l.forEach(x -> c.add(copy(x)));
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> c = HashMap.newHashMap(m.size());
            m.forEach((k, x) -> c.put(k, copy(x)));
            return c;
        }
        return v;
    }

    static void write(Path file, String stamp, GraphIndex g, Holdings[] results) throws IOException {
        write(file, new Frozen(stamp, g, results), UnaryOperator.identity());
    }

    /** Writes through a temporary file and an atomic move; {@code through} wraps the file's stream (tests). */
    static void write(Path file, Frozen frozen, UnaryOperator<OutputStream> through) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream raw = through.apply(Files.newOutputStream(tmp))) {
            new Writer(frozen, raw).write();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps a CRC32 per {@link #BLOCK} of what passes through. */
    private static final class Blocks extends FilterOutputStream {
        final List<Long> crcs = new ArrayList<>();
        private final CRC32 crc = new CRC32();
        private int inBlock;

        Blocks(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            while (len > 0) {
                int k = Math.min(len, BLOCK - inBlock);
                crc.update(b, off, k);
                off += k;
                len -= k;
                inBlock += k;
                if (inBlock == BLOCK) {
                    finish();
                }
            }
        }

        void finish() {
            if (inBlock > 0) {
                crcs.add(crc.getValue());
                crc.reset();
                inBlock = 0;
            }
        }
    }

    /** Counts what is written, as a {@code long} ({@code DataOutputStream.size()} stops at 2 GiB). */
    private static final class Position extends FilterOutputStream {
        long at;

        Position(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            at++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            at += len;
        }
    }

    private static final class Writer {
        private final GraphIndex g;
        private final Holdings[] results;
        private final String stamp;
        private final Blocks blocks;
        private final Position position;
        private final DataOutputStream data;
        private final SnapshotCodec codec = new SnapshotCodec();
        private final SnapshotCodec.Out out;
        private final ByteArrayOutputStream partBytes = new ByteArrayOutputStream();
        private final DataOutputStream part = new DataOutputStream(partBytes);
        private final List<Field> maps = nodeMaps();
        private final Map<String, IdentityHashMap<Object, long[]>> owners = new HashMap<>();

        Writer(Frozen f, OutputStream raw) {
            this.g = f.index();
            this.results = f.results();
            this.stamp = f.stamp();
            this.blocks = new Blocks(raw);
            this.position = new Position(new BufferedOutputStream(blocks, 1 << 20));
            this.data = new DataOutputStream(position);
            this.out = codec.new Out(part);
        }

        void write() throws IOException {
            int n = g.size();
            ownerIndex();
            long[] offsets = new long[n + 1];
            for (int node = 0; node < n; node++) {
                offsets[node] = position.at;
                writeRecord(node);
            }
            offsets[n] = position.at;
            long offsetsAt = position.at;
            for (long o : offsets) {
                data.writeLong(o);
            }
            long globalsAt = position.at;
            out.data = data;
            for (Field f : globalMaps()) {
                out.value(get(f, g), f.getGenericType());
            }
            GraphIndex lookups = new GraphIndex();
            lookups.entities.addAll(g.entities);
            lookups.reindex();
            long idsAt = position.at;
            table(lookups.byId);
            long namesAt = position.at;
            table(lookups.byName);
            long stringsAt = position.at;
            long[] stringOffsets = new long[out.pool.size() + 1];
            for (int i = 0; i < out.pool.size(); i++) {
                stringOffsets[i] = position.at;
                data.write(out.pool.get(i).getBytes(StandardCharsets.UTF_8));
            }
            stringOffsets[out.pool.size()] = position.at;
            long stringOffsetsAt = position.at;
            for (long o : stringOffsets) {
                data.writeLong(o);
            }
            data.flush();
            blocks.finish();
            long bodyEnd = position.at;
            ByteArrayOutputStream tb = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(tb);
            t.writeLong(MAGIC);
            t.writeInt(FORMAT);
            byte[] stampBytes = stamp.getBytes(StandardCharsets.UTF_8);
            t.writeInt(stampBytes.length);
            t.write(stampBytes);
            byte[] shape = shape().getBytes(StandardCharsets.UTF_8);
            t.writeInt(shape.length);
            t.write(shape);
            t.writeInt(n);
            for (long v : new long[] {offsetsAt, globalsAt, idsAt, namesAt, stringsAt, stringOffsetsAt}) {
                t.writeLong(v);
            }
            t.writeInt(out.pool.size());
            t.writeLong(bodyEnd);
            t.writeInt(blocks.crcs.size());
            for (long c : blocks.crcs) {
                t.writeLong(c);
            }
            CRC32 crc = new CRC32();
            crc.update(tb.toByteArray());
            t.writeLong(crc.getValue());
            t.writeLong(bodyEnd);
            t.writeLong(MAGIC);
            tb.writeTo(data);
            data.flush();
        }

        /** Where each object of an owner map sits: (node, position), for the mirror maps' references. */
        private void ownerIndex() {
            for (String owner : MIRRORS.values()) {
                IdentityHashMap<Object, long[]> at = new IdentityHashMap<>();
                ((Map<?, ?>) get(field(owner), g)).forEach((k, v) -> {
                    List<?> l = (List<?>) v;
                    for (int i = 0; i < l.size(); i++) {
                        at.put(l.get(i), new long[] {(Integer) k, i});
                    }
                });
                owners.put(owner, at);
            }
        }

        private void table(Map<String, Integer> lookup) throws IOException {
            List<String> keys = new ArrayList<>(lookup.keySet());
            keys.sort(Comparator.naturalOrder());
            data.writeInt(keys.size());
            for (String k : keys) {
                data.writeInt(out.id(k));
                data.writeInt(lookup.get(k));
            }
        }

        /** [mask][offset of each present part, from the end of this header][parts]. */
        private void writeRecord(int node) throws IOException {
            int mask = 0;
            List<Integer> starts = new ArrayList<>();
            partBytes.reset();
            for (int p = 0; p < MAPS + maps.size(); p++) {
                int before = partBytes.size();
                if (writePart(p, node)) {
                    mask |= 1 << p;
                    starts.add(before);
                }
            }
            data.writeInt(mask);
            for (int s : starts) {
                data.writeInt(s);
            }
            partBytes.writeTo(data);
        }

        private boolean writePart(int p, int node) throws IOException {
            out.data = part;
            switch (p) {
                case ENTITY -> out.value(g.entity(node), Entity.class);
                case IN -> {
                    List<Edge> l = g.in.get(node);
                    if (l == null) {
                        return false;
                    }
                    part.writeInt(l.size());
                    for (Edge e : l) {
                        part.writeInt(e.holder);
                        part.writeDouble(e.scale);
                        out.value(e.fact, Shareholding.class);
                    }
                }
                case OUT -> {
                    List<Edge> l = g.out.get(node);
                    if (l == null) {
                        return false;
                    }
                    part.writeInt(l.size());
                    for (Edge e : l) {
                        part.writeInt(e.company);
                        part.writeInt(position(g.in.get(e.company), e));
                    }
                }
                case RESULT -> {
                    Holdings h = node < results.length ? results[node] : null;
                    if (h == null) {
                        return false;
                    }
                    writeResult(h);
                }
                default -> {
                    Field f = maps.get(p - MAPS);
                    Object v = ((Map<?, ?>) get(f, g)).get(node);
                    if (v == null) {
                        return false;
                    }
                    String owner = MIRRORS.get(f.getName());
                    if (owner == null) {
                        out.value(v, valueType(f));
                    } else {
                        writeMirror((List<?>) v, owners.get(owner), elementType(f));
                    }
                }
            }
            return true;
        }

        /** Each element as (owner node, position) in the owner map, or -1 and the element itself. */
        private void writeMirror(List<?> l, IdentityHashMap<Object, long[]> at, Type element) throws IOException {
            part.writeInt(l.size());
            for (Object o : l) {
                long[] where = at.get(o);
                if (where == null) {
                    part.writeInt(-1);
                    out.value(o, element);
                } else {
                    part.writeInt((int) where[0]);
                    part.writeInt((int) where[1]);
                }
            }
        }

        private void writeResult(Holdings h) throws IOException {
            part.writeInt(h.roots.length);
            for (int k = 0; k < h.roots.length; k++) {
                part.writeInt(h.roots[k]);
                part.writeDouble(h.shares[k]);
            }
            part.writeDouble(h.missing);
            part.writeBoolean(h.unknownShare);
            part.writeInt(h.top);
            part.writeInt(h.via);
            part.writeInt(h.basis.ordinal());
            part.writeDouble(h.controlVotes);
            part.writeInt(h.gaps.size());
            for (String gap : h.gaps) {
                out.string(gap);
            }
        }
    }

    /** Where the edge sits in its company's holder list: the holding list refers to the same object. */
    private static int position(List<Edge> holders, Edge e) {
        for (int i = 0; i < holders.size(); i++) {
            if (holders.get(i) == e) {
                return i;
            }
        }
        throw new IllegalStateException("持股边不在其企业的股东列表中");
    }

    private static Field field(String name) {
        try {
            Field f = GraphIndex.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The snapshot saved for exactly this store generation, opened for reading node by node, or null when there is none
     * usable (missing, other generation or shape, truncated, trailer checksum mismatch). Only the trailer is read here.
     */
    static View open(Path file, String stamp) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            if (end < 3 * Long.BYTES) {
                return null;
            }
            MappedFile all = MappedFile.map(ch, segmentBits);
            if (all.getLong(end - Long.BYTES) != MAGIC) {
                return null;
            }
            long bodyEnd = all.getLong(end - 2 * Long.BYTES);
            if (bodyEnd < 0 || bodyEnd > end - 3 * Long.BYTES || end - 3 * Long.BYTES - bodyEnd > Integer.MAX_VALUE) {
                return null;
            }
            byte[] trailer = new byte[(int) (end - 3 * Long.BYTES - bodyEnd)];
            all.get(bodyEnd, trailer);
            CRC32 crc = new CRC32();
            crc.update(trailer);
            if (crc.getValue() != all.getLong(end - 3 * Long.BYTES)) {
                return null;
            }
            return View.of(all, ByteBuffer.wrap(trailer), stamp, bodyEnd);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A snapshot file read lazily into an index: each node's part is decoded the first time it is asked for. Decoding
     * and every read of a decoded part happen under this view's lock (readers hold only the graph's read lock and meet
     * here for the length of one node's decode). Block checksums are checked before any byte is used.
     */
    static final class View {
        private final MappedFile file;
        private final MappedFile.Cursor buf;
        private final int n;
        private final long offsetsAt;
        private final long globalsAt;
        private final long idsAt;
        private final long namesAt;
        private final long stringOffsetsAt;
        private final long bodyEnd;
        private final long[] crcs;
        private final java.util.BitSet verified;
        private final String[] strings;
        private final java.util.BitSet[] loaded;
        private final SnapshotCodec codec = new SnapshotCodec();
        private final SnapshotCodec.In in;
        private final List<Field> maps = nodeMaps();
        private final SnapshotCodec.Node fact;
        private final SnapshotCodec.Node entity;
        private GraphIndex g;
        private OwnershipEngine engine;

        private View(MappedFile file, int n, long[] at, int strings, long bodyEnd, long[] crcs) {
            this.file = file;
            this.buf = file.cursor();
            this.n = n;
            this.offsetsAt = at[0];
            this.globalsAt = at[1];
            this.idsAt = at[2];
            this.namesAt = at[3];
            this.stringOffsetsAt = at[5];
            this.strings = new String[strings];
            this.bodyEnd = bodyEnd;
            this.crcs = crcs;
            this.verified = new java.util.BitSet(crcs.length);
            this.loaded = new java.util.BitSet[MAPS + maps.size()];
            for (int i = 0; i < loaded.length; i++) {
                loaded[i] = new java.util.BitSet(n);
            }
            this.in = codec.new In(buf, this::string);
            this.fact = codec.node(Shareholding.class);
            this.entity = codec.node(Entity.class);
        }

        static View of(MappedFile all, ByteBuffer t, String stamp, long bodyEnd) {
            if (t.getLong() != MAGIC || t.getInt() != FORMAT) {
                return null;
            }
            byte[] stampBytes = new byte[t.getInt()];
            t.get(stampBytes);
            byte[] shape = new byte[t.getInt()];
            t.get(shape);
            if (!stamp.equals(new String(stampBytes, StandardCharsets.UTF_8))
                    || !shape().equals(new String(shape, StandardCharsets.UTF_8))) {
                return null;
            }
            int n = t.getInt();
            long[] at = new long[6];
            for (int i = 0; i < at.length; i++) {
                at[i] = t.getLong();
            }
            int strings = t.getInt();
            long end = t.getLong();
            long[] crcs = new long[t.getInt()];
            for (int i = 0; i < crcs.length; i++) {
                crcs[i] = t.getLong();
            }
            if (end != bodyEnd || crcs.length != (bodyEnd + BLOCK - 1) / BLOCK || t.hasRemaining()) {
                return null;
            }
            return new View(all, n, at, strings, bodyEnd, crcs);
        }

        int size() {
            return n;
        }

        /** Where a node's record starts in the file. */
        long recordStart(int node) {
            long entry = offsetsAt + 8L * node;
            check(entry, entry + 8);
            return file.getLong(entry);
        }

        /** Makes the index and engine read through this view: empty slots, the product maps decoded now. */
        void install(GraphIndex index, OwnershipEngine e) {
            this.g = index;
            this.engine = e;
            for (int i = 0; i < n; i++) {
                index.entities.add(null);
                index.in.add(null);
                index.out.add(null);
            }
            for (int p = 0; p < maps.size(); p++) {
                ((GraphIndex.NodeMap<?>) get(maps.get(p), index)).part = MAPS + p;
            }
            check(globalsAt, idsAt);
            buf.position(globalsAt);
            for (Field f : globalMaps()) {
                Map<?, ?> m = (Map<?, ?>) in.value(f.getGenericType());
                putAll(f, index, m);
            }
            index.lazy = this;
            e.restore(new Holdings[n], this);
        }

        @SuppressWarnings("unchecked")
        private static void putAll(Field f, GraphIndex index, Map<?, ?> m) {
            ((Map<Object, Object>) get(f, index)).putAll(m);
        }

        /**
         * Guards decoding and every read of a decoded part while the view is read. Fair: the background reader takes it
         * once per node, and a query waiting for it goes next instead of being overtaken node after node.
         */
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock(true);

        /** Runs {@code s} holding this view's lock (callers outside the view: every read while it is being read). */
        <T> T locked(java.util.function.Supplier<T> s) {
            lock.lock();
            try {
                return s.get();
            } finally {
                lock.unlock();
            }
        }

        /** Decodes everything not decoded yet, nodes {@code from} to {@code to}, taking the lock one node at a time. */
        void loadAll(int from, int to) {
            for (int node = from; node < to; node++) {
                lock.lock();
                try {
                    for (int p = 0; p < loaded.length; p++) {
                        fault(p, node);
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        Entity entity(int node) {
            fault(ENTITY, node);
            return g.entities.get(node);
        }

        List<Edge> in(int node) {
            fault(IN, node);
            return g.in.get(node);
        }

        List<Edge> out(int node) {
            fault(OUT, node);
            return g.out.get(node);
        }

        Holdings result(int node) {
            fault(RESULT, node);
            return engine.stored(node);
        }

        /** Decodes one part of one node, once. */
        void fault(int p, int node) {
            if (node < 0 || node >= n || loaded[p].get(node)) {
                return;
            }
            try {
                long at = partAt(p, node);
                if (at >= 0) {
                    buf.position(at);
                    decode(p, node);
                }
            } catch (Damaged e) {
                throw e;
            } catch (RuntimeException e) {
                throw new Damaged("快照无法解码：" + e);
            }
            loaded[p].set(node);
        }

        private long partAt(int p, int node) {
            long entry = offsetsAt + 8L * node;
            check(entry, entry + 16);
            long start = file.getLong(entry);
            long end = file.getLong(entry + 8);
            if (start < 0 || end < start || end > offsetsAt) {
                throw new Damaged("快照记录偏移越界：" + node);
            }
            check(start, end);
            int mask = file.getInt(start);
            if ((mask & (1 << p)) == 0) {
                return -1;
            }
            int header = 4 + 4 * Integer.bitCount(mask);
            return start + header + file.getInt(start + 4 + 4L * Integer.bitCount(mask & ((1 << p) - 1)));
        }

        private void decode(int p, int node) {
            switch (p) {
                case ENTITY -> g.entities.set(node, (Entity) entity.read(in));
                case IN -> {
                    int k = buf.getInt();
                    List<Edge> l = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        int holder = buf.getInt();
                        double scale = buf.getDouble();
                        l.add(new Edge(holder, node, (Shareholding) fact.read(in), scale));
                    }
                    g.in.set(node, l);
                }
                case OUT -> {
                    int k = buf.getInt();
                    int[] refs = new int[2 * k];
                    for (int i = 0; i < refs.length; i++) {
                        refs[i] = buf.getInt();
                    }
                    List<Edge> l = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        List<Edge> holders = in(refs[2 * i]);
                        Edge e = holders == null || refs[2 * i + 1] >= holders.size() ? null : holders.get(refs[2 * i + 1]);
                        if (e == null || e.holder != node) {
                            throw new Damaged("快照中的持股边不一致");
                        }
                        l.add(e);
                    }
                    g.out.set(node, l);
                }
                case RESULT -> engine.store(node, readResult());
                default -> decodeMap(maps.get(p - MAPS), node);
            }
        }

        @SuppressWarnings("unchecked")
        private void decodeMap(Field f, int node) {
            Map<Integer, Object> m = (Map<Integer, Object>) get(f, g);
            String owner = MIRRORS.get(f.getName());
            if (owner == null) {
                m.put(node, in.value(valueType(f)));
                return;
            }
            int k = buf.getInt();
            long[] refs = new long[k];
            List<Object> inline = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int at = buf.getInt();
                if (at < 0) {
                    refs[i] = -1L - inline.size();
                    inline.add(in.value(elementType(f)));
                } else {
                    refs[i] = ((long) at << 32) | Integer.toUnsignedLong(buf.getInt());
                }
            }
            Field of = field(owner);
            int ownerPart = MAPS + maps.indexOf(of);
            Map<Integer, List<Object>> om = (Map<Integer, List<Object>>) get(of, g);
            List<Object> l = new ArrayList<>(k);
            for (long r : refs) {
                if (r < 0) {
                    l.add(inline.get((int) (-1L - r)));
                    continue;
                }
                int o = (int) (r >>> 32);
                fault(ownerPart, o);
                List<Object> ol = om.get(o);
                int i = (int) r;
                if (ol == null || i >= ol.size()) {
                    throw new Damaged("快照中的引用不一致：" + f.getName());
                }
                l.add(ol.get(i));
            }
            m.put(node, l);
        }

        private Holdings readResult() {
            int k = buf.getInt();
            if (k < 0 || k > n) {
                throw new Damaged("快照中的结果长度不合法");
            }
            int[] roots = new int[k];
            double[] shares = new double[k];
            for (int j = 0; j < k; j++) {
                roots[j] = buf.getInt();
                shares[j] = buf.getDouble();
            }
            Holdings h = new Holdings(roots, shares, buf.getDouble(), buf.get() != 0);
            h.top = buf.getInt();
            h.via = buf.getInt();
            h.basis = ControlBasis.values()[buf.getInt()];
            h.controlVotes = buf.getDouble();
            int gaps = buf.getInt();
            List<String> g = new ArrayList<>(gaps);
            for (int j = 0; j < gaps; j++) {
                g.add(in.string());
            }
            h.gaps = gaps == 0 ? List.of() : List.copyOf(g);
            return h;
        }

        /** The node of an id ({@code names = false}) or of a normalised name, from the sorted tables. */
        int lookup(String key, boolean names) {
            long at = names ? namesAt : idsAt;
            check(at, at + 4);
            int lo = 0;
            int hi = file.getInt(at) - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long entry = at + 4 + 8L * mid;
                check(entry, entry + 8);
                int c = string(file.getInt(entry)).compareTo(key);
                if (c == 0) {
                    return file.getInt(entry + 4);
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return GraphIndex.UNKNOWN;
        }

        private String string(int id) {
            if (id < 0 || id >= strings.length) {
                throw new Damaged("快照中的字符串编号越界");
            }
            String s = strings[id];
            if (s == null) {
                long entry = stringOffsetsAt + 8L * id;
                check(entry, entry + 16);
                long from = file.getLong(entry);
                long to = file.getLong(entry + 8);
                if (from < 0 || to < from || to > stringOffsetsAt || to - from > Integer.MAX_VALUE) {
                    throw new Damaged("快照中的字符串偏移越界");
                }
                check(from, to);
                byte[] b = new byte[(int) (to - from)];
                file.get(from, b);
                s = new String(b, StandardCharsets.UTF_8);
                strings[id] = s;
            }
            return s;
        }

        /** Checks the CRC of every block the bytes [from, to) lie in, once per block. */
        private void check(long from, long to) {
            if (from < 0 || to > bodyEnd || from > to) {
                throw new Damaged("快照偏移越界");
            }
            for (int b = (int) (from / BLOCK); to > from && b <= (to - 1) / BLOCK; b++) {
                if (!verified.get(b)) {
                    CRC32 crc = new CRC32();
                    long start = (long) b * BLOCK;
                    file.crc(crc, start, (int) Math.min(BLOCK, bodyEnd - start));
                    if (crc.getValue() != crcs[b]) {
                        throw new Damaged("快照第 " + b + " 块校验失败");
                    }
                    verified.set(b);
                }
            }
        }
    }
}
