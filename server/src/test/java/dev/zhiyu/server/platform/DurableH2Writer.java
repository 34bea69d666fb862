package dev.zhiyu.server.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The child process of {@link DurableH2Test}: writers commit rows through the server's H2 pool (auto-commit and
 * explicit transactions) and print {@code ACK id} only after each commit returned, while another thread keeps
 * rewriting a large table and a third compacts the file; the test kills this process with SIGKILL.
 */
public final class DurableH2Writer {
    private DurableH2Writer() {
    }

    public static void main(String[] args) throws Exception {
        DataSource ds = Databases.pool("durable-test", args[0], "", "", 10);
        long base = Long.parseLong(args[1]);
        Thread.ofPlatform().daemon(true).start(() -> rewrite(ds));
        Thread.ofPlatform().daemon(true).start(() -> compactOften(ds, DurableH2.durableUrl(args[0])));
        for (int t = 0; t < 8; t++) {
            int writer = t;
            Thread.ofPlatform().start(() -> write(ds, base + writer * 10_000_000L, writer % 2 == 0));
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void write(DataSource ds, long first, boolean autoCommit) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO acks (id) VALUES (?)")) {
            c.setAutoCommit(autoCommit);
            for (long id = first; ; id++) {
                ps.setLong(1, id);
                ps.executeUpdate();
                if (!autoCommit) {
                    c.commit();
                }
                synchronized (System.out) {
                    System.out.println("ACK " + id);
                    System.out.flush();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** Kills also land while the file is being compacted (free-space reuse briefly on). */
    private static void compactOften(DataSource ds, String url) {
        try (Connection c = ds.getConnection()) {
            while (true) {
                H2Compactor.compact(c, url, 100);
                Thread.sleep(400);
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static void rewrite(DataSource ds) {
        Random r = new Random();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE big SET p = ? WHERE id BETWEEN ? AND ?")) {
            c.setAutoCommit(false);
            while (true) {
                int from = r.nextInt(50_000);
                ps.setString(1, Long.toHexString(r.nextLong()));
                ps.setInt(2, from);
                ps.setInt(3, from + 2_000);
                ps.executeUpdate();
                c.commit();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
