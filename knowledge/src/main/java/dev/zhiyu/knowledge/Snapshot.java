package dev.zhiyu.knowledge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The computed index (graph, effective ownership, control decisions) saved beside the store, so that a restart loads it
 * instead of replaying every fact and recomputing. The file names the store generation it was taken at and the shape
 * of every record it holds; a file for another generation, of another shape, or whose checksum does not match is not
 * used. Written to a temporary file and moved into place, so a crash mid-write leaves the previous file.
 */
final class Snapshot {
    private static final long MAGIC = 0x5a594b47534e4150L; // "ZYKGSNAP"
    private static final int FORMAT = 1;
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

    static void write(Path file, String stamp, GraphIndex g, Holdings[] results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        CRC32 crc = new CRC32();
        try (OutputStream raw = Files.newOutputStream(tmp);
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
     * or shape, truncated, checksum mismatch). {@code progress} receives the number of parties read so far.
     */
    static Loaded read(Path file, String stamp, LongConsumer progress) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            long size = Files.size(file);
            CRC32 crc = new CRC32();
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream data = new DataInputStream(new BufferedInputStream(
                         new CheckedInputStream(new Bounded(raw, size - Long.BYTES), crc), 1 << 20))) {
                SnapshotCodec.In in = new SnapshotCodec().new In(data);
                if (data.readLong() != MAGIC || data.readInt() != FORMAT || !shape().equals(in.string())
                        || !stamp.equals(in.string())) {
                    return null;
                }
                int n = data.readInt();
                GraphIndex g = new GraphIndex();
                for (Field f : savedFields()) {
                    f.set(g, in.value(f.getGenericType()));
                }
                if (g.size() != n) {
                    return null;
                }
                g.reindex();
                progress.accept(n / 3);
                readEdges(in, g);
                progress.accept(n * 2L / 3);
                Holdings[] results = readResults(in, n);
                if (data.read() != -1) {
                    return null;
                }
                long expected = crc.getValue();
                byte[] tail = raw.readNBytes(Long.BYTES);
                if (tail.length != Long.BYTES || bytesLong(tail) != expected) {
                    return null;
                }
                progress.accept(n);
                return new Loaded(g, results);
            }
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
            }
        }
    }

    private static void readEdges(SnapshotCodec.In in, GraphIndex g) throws IOException {
        DataInputStream d = in.data;
        for (int c = 0; c < g.size(); c++) {
            int k = d.readInt();
            List<Edge> l = k < 0 ? null : new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                int holder = d.readInt();
                double scale = d.readDouble();
                l.add(new Edge(holder, c, (Shareholding) in.value(Shareholding.class), scale));
            }
            g.in.add(l);
        }
        for (int h = 0; h < g.size(); h++) {
            int k = d.readInt();
            List<Edge> l = k < 0 ? null : new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                l.add(edge(g.in.get(d.readInt()), h));
            }
            g.out.add(l);
        }
    }

    /** The same edge object in both lists: unlinking relies on it. */
    private static Edge edge(List<Edge> holders, int holder) throws IOException {
        for (Edge e : holders == null ? List.<Edge>of() : holders) {
            if (e.holder == holder) {
                return e;
            }
        }
        throw new IOException("快照中的持股边不一致");
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

    private static Holdings[] readResults(SnapshotCodec.In in, int n) throws IOException {
        DataInputStream d = in.data;
        Holdings[] results = new Holdings[n];
        for (int i = 0; i < n; i++) {
            if (!d.readBoolean()) {
                continue;
            }
            int k = d.readInt();
            int[] roots = new int[k];
            double[] shares = new double[k];
            for (int j = 0; j < k; j++) {
                roots[j] = d.readInt();
                shares[j] = d.readDouble();
            }
            Holdings h = new Holdings(roots, shares, d.readDouble(), d.readBoolean());
            h.top = d.readInt();
            h.via = d.readInt();
            h.basis = ControlBasis.values()[d.readInt()];
            h.controlVotes = d.readDouble();
            int gaps = d.readInt();
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

    private static long bytesLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    /** The first {@code limit} bytes of a stream: the checksum after them is read separately. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = Math.max(0, limit);
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }
    }
}
