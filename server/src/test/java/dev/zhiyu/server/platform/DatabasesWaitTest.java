package dev.zhiyu.server.platform;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that cannot come is reported at once with the driver's reason, not after a minute of pool timeouts. */
class DatabasesWaitTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDatabaseFileFailsAtOnceAndSaysWhy() {
        String url = "jdbc:h2:file:" + dir.resolve("absent") + ";IFEXISTS=TRUE";
        long t0 = System.nanoTime();
        try (var pool = Databases.pool("wait-missing", url, "", "", 1)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Databases.migrateTenant(pool));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "waited " + took + " for a file that is not there");
            assertTrue(e.getMessage().contains("连不上数据库") && e.getMessage().contains("not found"), e.getMessage());
        }
    }

    @Test
    void aWrongPasswordFailsAtOnceAndSaysWhy() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("locked");
        try (var owner = Databases.pool("wait-owner", url, "sa", "right", 1); var c = owner.getConnection()) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        long t0 = System.nanoTime();
        try (var pool = Databases.pool("wait-wrong", url, "sa", "wrong", 1)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Databases.migrateTenant(pool));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "waited " + took + " on a wrong password");
            assertTrue(e.getMessage().contains("Wrong user name or password"), e.getMessage());
        }
    }
}
