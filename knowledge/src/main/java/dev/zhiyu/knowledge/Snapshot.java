package dev.zhiyu.knowledge;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The computed index (graph, effective ownership, control decisions) saved beside the store, so that a restart loads it
 * instead of replaying every fact and recomputing. The file names the store generation it was taken at and the shape
 * of every record it holds; a file for another generation, of another shape, or whose checksum does not match is not
 * used. Written to a temporary file and moved into place, so a crash mid-write leaves the previous file.
 */
final class Snapshot {
    private static final long MAGIC = 0x5a594b47534e4150L; // "ZYKGSNAP"
    private static final int FORMAT = 2;
    /** Rebuilt from the entities on load, or transient write state. */
    private static final Set<String> NOT_SAVED = Set.of("byId", "byName", "in", "out", "priorIn", "priorOut",
            "recording", "writer");

    private Snapshot() {
    }

    /** What a successful read gives back. */
    record Loaded(GraphIndex index, Holdings[] results) {
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

    private static List<Field> savedFields() {
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
        String stamp = frozen.stamp();
        GraphIndex g = frozen.index();
        Holdings[] results = frozen.results();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        CRC32 crc = new CRC32();
        try (OutputStream raw = through.apply(Files.newOutputStream(tmp));
             DataOutputStream data = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 20))) {
            SnapshotCodec.Out out = new SnapshotCodec().new Out(data);
            data.writeLong(MAGIC);
            data.writeInt(FORMAT);
            out.string(shape());
            out.string(stamp);
            data.writeInt(g.size());
            for (Field f : savedFields()) {
                try {
                    out.value(f.get(g), f.getGenericType());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            writeEdges(out, g);
            writeResults(out, results, g.size());
            data.flush();
            raw.write(longBytes(crc.getValue()));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The index saved for exactly this store generation, or null when there is none usable (missing, other generation
     * or shape, truncated, checksum mismatch). {@code progress} receives the number of parties read so far. The file is
     * memory-mapped and checked whole before anything is read from it.
     */
    static Loaded read(Path file, String stamp, LongConsumer progress) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < Long.BYTES + 12 || size > Integer.MAX_VALUE) {
                return null; // larger files would need several mappings: rebuilt instead (see README)
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ByteBuffer body = all.slice(0, (int) size - Long.BYTES);
            CRC32 crc = new CRC32();
            crc.update(body.duplicate());
            if (crc.getValue() != all.getLong((int) size - Long.BYTES)) {
                return null;
            }
            SnapshotCodec.In in = new SnapshotCodec().new In(body);
            if (body.getLong() != MAGIC || body.getInt() != FORMAT || !shape().equals(in.string())
                    || !stamp.equals(in.string())) {
                return null;
            }
            int n = body.getInt();
            GraphIndex g = new GraphIndex();
            for (Field f : savedFields()) {
                f.set(g, in.value(f.getGenericType()));
            }
            if (g.size() != n) {
                return null;
            }
            progress.accept(n / 4);
            g.reindex();
            progress.accept(n / 2);
            readEdges(in, g);
            progress.accept(n * 3L / 4);
            Holdings[] results = readResults(in, n);
            if (body.hasRemaining()) {
                return null;
            }
            progress.accept(n);
            return new Loaded(g, results);
        } catch (IOException | RuntimeException | ReflectiveOperationException e) {
            return null;
        }
    }

    private static void writeEdges(SnapshotCodec.Out out, GraphIndex g) throws IOException {
        DataOutputStream d = out.data;
        for (int c = 0; c < g.size(); c++) {
            List<Edge> l = g.in.get(c);
            d.writeInt(l == null ? -1 : l.size());
            for (Edge e : l == null ? List.<Edge>of() : l) {
                d.writeInt(e.holder);
                d.writeDouble(e.scale);
                out.value(e.fact, Shareholding.class);
            }
        }
        for (int h = 0; h < g.size(); h++) {
            List<Edge> l = g.out.get(h);
            d.writeInt(l == null ? -1 : l.size());
            for (Edge e : l == null ? List.<Edge>of() : l) {
                d.writeInt(e.company);
                d.writeInt(position(g.in.get(e.company), e));
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

    private static void readEdges(SnapshotCodec.In in, GraphIndex g) {
        ByteBuffer d = in.buf;
        SnapshotCodec.Node fact = new SnapshotCodec().node(Shareholding.class);
        for (int c = 0; c < g.size(); c++) {
            int k = d.getInt();
            List<Edge> l = k < 0 ? null : new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                int holder = d.getInt();
                double scale = d.getDouble();
                l.add(new Edge(holder, c, (Shareholding) fact.read(in), scale));
            }
            g.in.add(l);
        }
        for (int h = 0; h < g.size(); h++) {
            int k = d.getInt();
            List<Edge> l = k < 0 ? null : new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                Edge e = g.in.get(d.getInt()).get(d.getInt());
                if (e.holder != h) {
                    throw new IllegalStateException("快照中的持股边不一致");
                }
                l.add(e);
            }
            g.out.add(l);
        }
    }

    private static void writeResults(SnapshotCodec.Out out, Holdings[] results, int n) throws IOException {
        DataOutputStream d = out.data;
        for (int i = 0; i < n; i++) {
            Holdings h = i < results.length ? results[i] : null;
            d.writeBoolean(h != null);
            if (h == null) {
                continue;
            }
            d.writeInt(h.roots.length);
            for (int k = 0; k < h.roots.length; k++) {
                d.writeInt(h.roots[k]);
                d.writeDouble(h.shares[k]);
            }
            d.writeDouble(h.missing);
            d.writeBoolean(h.unknownShare);
            d.writeInt(h.top);
            d.writeInt(h.via);
            d.writeInt(h.basis.ordinal());
            d.writeDouble(h.controlVotes);
            d.writeInt(h.gaps.size());
            for (String gap : h.gaps) {
                out.string(gap);
            }
        }
    }

    private static Holdings[] readResults(SnapshotCodec.In in, int n) {
        ByteBuffer d = in.buf;
        Holdings[] results = new Holdings[n];
        for (int i = 0; i < n; i++) {
            if (d.get() == 0) {
                continue;
            }
            int k = d.getInt();
            int[] roots = new int[k];
            double[] shares = new double[k];
            for (int j = 0; j < k; j++) {
                roots[j] = d.getInt();
                shares[j] = d.getDouble();
            }
            Holdings h = new Holdings(roots, shares, d.getDouble(), d.get() != 0);
            h.top = d.getInt();
            h.via = d.getInt();
            h.basis = ControlBasis.values()[d.getInt()];
            h.controlVotes = d.getDouble();
            int gaps = d.getInt();
            List<String> g = new ArrayList<>(gaps);
            for (int j = 0; j < gaps; j++) {
                g.add(in.string());
            }
            h.gaps = gaps == 0 ? List.of() : List.copyOf(g);
            results[i] = h;
        }
        return results;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[Long.BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }
}
