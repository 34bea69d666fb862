package dev.zhiyu.nlp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The folder that files shipped inside jars are copied to once and reused by every later process: models, tokenizers,
 * native libraries (property {@code zhiyu.model.cache}, default {@code ${java.io.tmpdir}/zhiyu-models}).
 */
final class ModelCache {
    private ModelCache() {
    }

    static Path root() {
        return Path.of(System.getProperty("zhiyu.model.cache", System.getProperty("java.io.tmpdir") + "/zhiyu-models"));
    }

    /**
     * Copies a class-path resource to {@code target} unless a file of the same size is already there; the copy is
     * written beside it and moved into place, so concurrent processes never see a half-written file.
     */
    static void copy(URL resource, Path target) throws IOException {
        long size = resource.openConnection().getContentLengthLong();
        if (Files.exists(target) && Files.size(target) == size) return;
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
