package dev.zhiyu.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 through the server's pool: a commit that returned survives SIGKILL of the process (checked over several kills
 * with concurrent writers, a large table being rewritten and the file being compacted), compaction gives back the
 * space of a file whose chunks only go at the end, and the AUTO_SERVER port is on loopback only.
 */
class DurableH2Test {
    @TempDir
    Path dir;

    @Test
    void everyReturnedCommitSurvivesKillNine() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        try (var ds = Databases.pool("durable-prepare", url, "", "", 1); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acks (id BIGINT PRIMARY KEY)");
            s.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, p VARCHAR(64))");
            s.execute("INSERT INTO big SELECT x, 'p' || x FROM SYSTEM_RANGE(0, 60000)");
        }
        Set<Long> acknowledged = new HashSet<>();
        for (int round = 0; round < 4; round++) {
            acknowledged.addAll(writeUntilKilled(url, round * 100_000_000L));
        }
        Set<Long> stored = new HashSet<>();
        try (var ds = Databases.pool("durable-check", url, "", "", 1); Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM acks")) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        assertTrue(acknowledged.size() > 100, "the writers committed too little to prove anything: " + acknowledged.size());
        List<Long> lost = acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
        assertEquals(List.of(), lost, "commits that returned but were lost by kill -9 (of " + acknowledged.size() + ")");
    }

    /** Kills the child at a random point after 40 to 160 acknowledged commits (or after 30 s, however few). */
    private static List<Long> writeUntilKilled(String url, long base) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DurableH2Writer.class.getName(), url, String.valueOf(base)).redirectErrorStream(true).start();
        List<Long> acks = new ArrayList<>();
        int killAfter = ThreadLocalRandom.current().nextInt(40, 160);
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("READY", line, "child did not start");
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acks.add(Long.parseLong(line.substring(4)));
                }
                if ((acks.size() >= killAfter || System.nanoTime() > deadline) && p.isAlive()) {
                    // kill(1), not destroyForcibly(): that closes our end of the pipe, losing acks already printed
                    new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
                }
            }
        }
        p.waitFor();
        return acks;
    }

    @Test
    void compactionGivesBackTheSpaceOfAFileThatOnlyGrowsAndKeepsTheData() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("grow");
        try (var ds = Databases.pool("durable-grow", url, "", "", 1); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, p VARCHAR(200))");
            s.execute("INSERT INTO t SELECT x, REPEAT('a', 100) FROM SYSTEM_RANGE(1, 20000)");
            for (int i = 0; i < 300; i++) {
                s.executeUpdate("UPDATE t SET p = REPEAT('" + (char) ('a' + i % 26) + "', 100) WHERE MOD(id, 300) = " + i);
            }
            long grown = Files.size(dir.resolve("grow.mv.db"));
            H2Compactor.compact(c, DurableH2.durableUrl(url), 10_000);
            long compacted = Files.size(dir.resolve("grow.mv.db"));
            assertTrue(compacted * 2 < grown, "compaction left " + compacted + " of " + grown + " bytes");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT p) FROM t")) {
                rs.next();
                assertEquals(20000, rs.getInt(1));
                assertEquals(26, rs.getInt(2));
            }
        }
    }

    @Test
    void theAutoServerPortListensOnLoopbackOnly() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bound") + ";AUTO_SERVER=TRUE";
        try (var ds = Databases.pool("durable-bind", url, "", "", 1); Connection c = ds.getConnection()) {
            c.isValid(1);
            Properties lock = new Properties();
            try (var in = Files.newInputStream(dir.resolve("bound.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            assertTrue(server.startsWith("127.0.0.1:") || server.startsWith("localhost:"), "the lock file names " + server);
            int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            for (InetAddress other : externalAddresses()) {
                try (Socket s = new Socket(other, port)) {
                    throw new AssertionError("the H2 port answers on " + other);
                } catch (java.io.IOException expected) {
                    // refused: not listening there
                }
            }
        }
    }

    private static List<InetAddress> externalAddresses() throws Exception {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
            n.inetAddresses().filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).forEach(out::add);
        }
        return out;
    }
}
