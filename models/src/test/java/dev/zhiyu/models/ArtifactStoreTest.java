package dev.zhiyu.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
    @TempDir
    Path root;

    @Test
    void aSealedArtifactVerifiesAndAnyChangedByteIsRejected() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        String id = UUID.randomUUID().toString();
        Files.writeString(store.staging(id).resolve("model.bin"), "weights-1234");
        Files.writeString(store.staging(id).resolve("meta.properties"), "kind=maxent");
        ArtifactStore.Stored s = store.seal(id);
        assertEquals("weights-1234".length() + "kind=maxent".length(), s.sizeBytes());
        assertEquals(store.dir(id), store.verified(id, s.sha256()));

        Files.writeString(store.dir(id).resolve("model.bin"), "weights-1235");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> store.verified(id, s.sha256()));
        assertTrue(e.getMessage().contains("校验失败"), e.getMessage());

        Files.delete(store.dir(id).resolve("model.bin"));
        assertThrows(CorruptArtifactException.class, () -> store.verified(id, s.sha256()));
    }

    @Test
    void missingArtifactsAndForgedIdsAreRefused() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        String id = UUID.randomUUID().toString();
        assertThrows(CorruptArtifactException.class, () -> store.verified(id, "00"));
        assertThrows(ModelRequestException.class, () -> store.dir("../other-tenant/models/x"));
        store.staging(id);
        store.discard(id);
        assertFalse(Files.exists(root.resolve(".staging").resolve(id)));
    }
}
