package dev.zhiyu.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Model artifacts of one tenant as files: one directory per version under the tenant's own root. The checksum is
 * SHA-256 over every file's name and bytes in name order; it is recorded in the registry and verified on each load.
 */
public final class ArtifactStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    /** Size and checksum of a stored artifact. */
    public record Stored(long sizeBytes, String sha256) {
    }

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root;
    }

    /** A fresh directory for a version being trained (outside the final place until {@link #seal}). */
    public Path staging(String id) throws IOException {
        Path dir = root.resolve(".staging").resolve(checkId(id));
        Files.createDirectories(dir);
        return dir;
    }

    /** Moves a staged version into place and returns its size and checksum. */
    public Stored seal(String id) throws IOException {
        Path target = dir(id);
        Files.createDirectories(root);
        Files.move(root.resolve(".staging").resolve(checkId(id)), target);
        return new Stored(size(target), checksum(target));
    }

    /** The version's directory after its files were checked against {@code expectedSha256}. */
    public Path verified(String id, String expectedSha256) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new CorruptArtifactException("模型 " + id + " 的文件不存在（" + dir + "）");
        }
        String actual = checksum(dir);
        if (!actual.equals(expectedSha256)) {
            throw new CorruptArtifactException("模型 " + id + " 的文件校验失败（SHA-256 应为 " + abbreviate(expectedSha256)
                    + "，实为 " + abbreviate(actual) + "），文件已损坏或被改动，拒绝加载");
        }
        return dir;
    }

    public Path dir(String id) {
        return root.resolve(checkId(id));
    }

    /** Removes what a failed or cancelled job left in staging. */
    public void discard(String id) {
        Path dir = root.resolve(".staging").resolve(checkId(id));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String checksum(Path dir) {
        MessageDigest md = Checksums.sha256();
        try {
            for (Path f : files(dir)) {
                md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new CorruptArtifactException("模型文件无法读取：" + e.getMessage());
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static long size(Path dir) throws IOException {
        long total = 0;
        for (Path f : files(dir)) {
            total += Files.size(f);
        }
        return total;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ModelRequestException.invalid("模型版本 id 无效：" + id);
        }
        return id;
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
