package dev.zhiyu.server.telephony;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Deletes a tenant's call recordings older than its retention setting and marks the call records. Only files inside
 * the tenant's own recording directory ({@code <recordDir>/<tenant>/}, where calls record) are ever deleted: a path
 * anywhere else — another tenant's directory, a symlink out — is left alone and alerted. Recordings are read at the
 * same path FreeSWITCH wrote them (shared storage or the same host).
 */
final class RecordingSweeper {
    private static final int BATCH = 500;

    private final Path root;
    private final Clock clock;
    private final Consumer<String> alerts;

    RecordingSweeper(Path root, Clock clock, Consumer<String> alerts) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        this.alerts = alerts;
    }

    /** One pass over the tenant's expired recordings; returns how many were deleted (or already gone). */
    int sweep(JdbcDialerStore store) {
        JdbcRecordings recordings = store.recordings();
        OptionalInt days = recordings.retentionDays();
        if (days.isEmpty()) {
            return 0;
        }
        Path own = root.resolve(store.tenant()).normalize();
        Instant now = clock.instant();
        int swept = 0;
        for (JdbcRecordings.Recording r : recordings.endedBefore(now.minus(Duration.ofDays(days.getAsInt())), BATCH)) {
            Path file = inside(own, r.path());
            if (file == null) {
                alerts.accept("录音 " + r.path() + " 不在租户 " + store.tenant() + " 的录音目录内，未删除（通话 " + r.callId() + "）");
                continue;
            }
            try {
                Files.deleteIfExists(file);
                recordings.markDeleted(r.callId(), now);
                swept++;
            } catch (IOException e) {
                alerts.accept("删除录音 " + file + " 失败：" + e.getMessage());
            }
        }
        return swept;
    }

    /** The file if it lies in {@code own} (after resolving links of what exists), else null. */
    private static Path inside(Path own, String recorded) {
        try {
            Path file = Path.of(recorded).toAbsolutePath().normalize();
            if (!file.startsWith(own) || file.equals(own)) {
                return null;
            }
            Path dir = file.getParent();
            if (Files.exists(dir) && Files.exists(own) && !dir.toRealPath().startsWith(own.toRealPath())) {
                return null; // a symlinked directory pointing out of the tenant's own
            }
            return file;
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }
}
