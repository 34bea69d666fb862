package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelCacheTest {
    @TempDir
    Path dir;

    @Test
    void copiesOnceAndReplacesACopyOfAnotherSize() throws Exception {
        Path source = Files.write(dir.resolve("source.bin"), new byte[]{1, 2, 3});
        Path target = dir.resolve("cache/sub/copy.bin");
        ModelCache.copy(source.toUri().toURL(), target);
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target));

        FileTime first = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(target, first);
        ModelCache.copy(source.toUri().toURL(), target);
        assertEquals(first, Files.getLastModifiedTime(target), "a complete copy is reused");

        Files.write(target, new byte[]{1});
        ModelCache.copy(source.toUri().toURL(), target);
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(target), "a half-written copy is replaced");
        try (var left = Files.list(target.getParent())) {
            assertEquals(1, left.count(), "no .part file is left behind");
        }
    }
}
