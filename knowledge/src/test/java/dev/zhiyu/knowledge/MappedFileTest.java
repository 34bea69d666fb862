package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values read at long positions over a mapping in segments, including values whose bytes lie in two segments. */
class MappedFileTest {
    @TempDir
    Path dir;

    private static int anInt(int i) {
        return i * 0x9E3779B1;
    }

    private static long aLong(int i) {
        return i * 0x9E3779B97F4A7C15L;
    }

    @Test
    void valuesAcrossSegmentEdgesReadAsWritten() throws IOException {
        Path file = dir.resolve("f");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeByte(7); // every later value is off the 4- and 8-byte grid
            for (int i = 0; i < 300; i++) {
                out.writeInt(anInt(i));
                out.writeLong(aLong(i));
                out.writeDouble(i / 3.0);
                out.writeBoolean(i % 2 == 0);
            }
        }
        byte[] all = Files.readAllBytes(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedFile m = MappedFile.map(ch, 4);
            assertEquals(all.length, m.size());
            assertEquals((all.length + 15) / 16, m.segments(), "16-byte segments");
            MappedFile.Cursor c = m.cursor();
            c.position(0);
            assertEquals(7, c.get());
            for (int i = 0; i < 300; i++) {
                long at = c.position();
                assertEquals(anInt(i), c.getInt(), "int " + i);
                assertEquals(anInt(i), m.getInt(at), "int " + i + " at " + at);
                assertEquals(aLong(i), m.getLong(at + 4), "long " + i);
                assertEquals(aLong(i), c.getLong());
                assertEquals(i / 3.0, c.getDouble());
                assertEquals(i % 2 == 0, c.get() != 0);
            }
            assertEquals(all.length, c.position());
            byte[] copy = new byte[all.length - 5];
            m.get(5, copy);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 5, all.length), copy);
            CRC32 expected = new CRC32();
            expected.update(all, 13, 200);
            CRC32 crc = new CRC32();
            m.crc(crc, 13, 200);
            assertEquals(expected.getValue(), crc.getValue());
            assertThrows(IndexOutOfBoundsException.class, () -> m.getLong(all.length - 4));
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(all.length - 2, new byte[3]));
        }
    }

    /**
     * Past 2 GiB with the production segment size (1 GiB): a sparse file of 3 GiB + a few bytes (no disk used), values
     * written at a segment edge, past 2^31 and at the end, read back through the mapping.
     */
    @Test
    void positionsPastTwoGibibytesReadThroughOneGibibyteSegments() throws IOException {
        Path file = dir.resolve("sparse");
        long edge = 1L << MappedFile.SEGMENT_BITS;
        long past2g = (1L << 31) + 5;
        long end = 3 * edge + 11;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            put(ch, edge - 3, java.nio.ByteBuffer.allocate(8).putLong(0, aLong(1)));
            put(ch, past2g, java.nio.ByteBuffer.allocate(4).putInt(0, anInt(2)));
            put(ch, 2 * edge - 1, java.nio.ByteBuffer.allocate(4).putInt(0, anInt(3)));
            put(ch, end - 8, java.nio.ByteBuffer.allocate(8).putLong(0, aLong(4)));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedFile m = MappedFile.map(ch, MappedFile.SEGMENT_BITS);
            assertEquals(end, m.size());
            assertEquals(4, m.segments());
            assertEquals(aLong(1), m.getLong(edge - 3), "a long across the first 1 GiB edge");
            assertEquals(anInt(2), m.getInt(past2g), "an int past 2^31");
            assertEquals(anInt(3), m.getInt(2 * edge - 1), "an int across the 2 GiB edge");
            MappedFile.Cursor c = m.cursor();
            c.position(end - 8);
            assertEquals(aLong(4), c.getLong(), "the last long, past 3 GiB");
            assertEquals(0, m.getLong(past2g + 1000), "a hole reads as zeros");
        }
    }

    private static void put(FileChannel ch, long at, java.nio.ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b, at + b.position());
        }
    }
}
