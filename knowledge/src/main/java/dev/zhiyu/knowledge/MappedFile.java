package dev.zhiyu.knowledge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * A read-only file mapped in segments of 2^bits bytes, read at {@code long} positions: one {@code MappedByteBuffer}
 * covers at most 2 GiB, and a snapshot of ≈ 3.5 M companies is larger. A value lying across two segments is put
 * together from both (big-endian, as {@code DataOutputStream} wrote it).
 */
final class MappedFile {
    /** 1 GiB: a handful of mappings even for a 10 M-company snapshot. */
    static final int SEGMENT_BITS = 30;

    private final ByteBuffer[] segments;
    private final int bits;
    private final long mask;
    private final long size;

    private MappedFile(ByteBuffer[] segments, int bits, long size) {
        this.segments = segments;
        this.bits = bits;
        this.mask = (1L << bits) - 1;
        this.size = size;
    }

    static MappedFile map(FileChannel ch, int bits) throws IOException {
        if (bits < 3 || bits > 30) {
            throw new IllegalArgumentException("段大小须在 2^3 到 2^30 字节之间：2^" + bits);
        }
        long size = ch.size();
        long segment = 1L << bits;
        ByteBuffer[] s = new ByteBuffer[(int) ((size + segment - 1) >>> bits)];
        for (int i = 0; i < s.length; i++) {
            long from = (long) i << bits;
            s[i] = ch.map(FileChannel.MapMode.READ_ONLY, from, Math.min(segment, size - from));
        }
        return new MappedFile(s, bits, size);
    }

    long size() {
        return size;
    }

    int segments() {
        return segments.length;
    }

    byte get(long at) {
        return segments[(int) (at >>> bits)].get((int) (at & mask));
    }

    int getInt(long at) {
        ByteBuffer s = segments[(int) (at >>> bits)];
        int off = (int) (at & mask);
        return off + Integer.BYTES <= s.limit() ? s.getInt(off) : (int) across(at, Integer.BYTES);
    }

    long getLong(long at) {
        ByteBuffer s = segments[(int) (at >>> bits)];
        int off = (int) (at & mask);
        return off + Long.BYTES <= s.limit() ? s.getLong(off) : across(at, Long.BYTES);
    }

    /** A value whose bytes begin in one segment and end in the next. */
    private long across(long at, int bytes) {
        if (at < 0 || at + bytes > size) {
            throw new IndexOutOfBoundsException("读取越过文件末尾：" + at);
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (get(at + i) & 0xff);
        }
        return v;
    }

    /** Fills {@code dst} from the bytes at {@code at}. */
    void get(long at, byte[] dst) {
        each(at, dst.length, (s, off, done, k) -> s.get(off, dst, done, k));
    }

    /** Adds the bytes [at, at + length) to {@code crc}. */
    void crc(CRC32 crc, long at, int length) {
        each(at, length, (s, off, done, k) -> crc.update(s.slice(off, k)));
    }

    private interface Piece {
        void take(ByteBuffer segment, int offset, int done, int length);
    }

    private void each(long at, int length, Piece piece) {
        if (at < 0 || length < 0 || at + length > size) {
            throw new IndexOutOfBoundsException("读取越过文件末尾：" + at + "+" + length);
        }
        int done = 0;
        while (done < length) {
            long p = at + done;
            ByteBuffer s = segments[(int) (p >>> bits)];
            int off = (int) (p & mask);
            int k = Math.min(length - done, s.limit() - off);
            piece.take(s, off, done, k);
            done += k;
        }
    }

    /** A reading position of its own over the shared mapping. */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private long position;

        void position(long at) {
            position = at;
        }

        long position() {
            return position;
        }

        byte get() {
            return MappedFile.this.get(position++);
        }

        int getInt() {
            int v = MappedFile.this.getInt(position);
            position += Integer.BYTES;
            return v;
        }

        long getLong() {
            long v = MappedFile.this.getLong(position);
            position += Long.BYTES;
            return v;
        }

        double getDouble() {
            return Double.longBitsToDouble(getLong());
        }
    }
}
