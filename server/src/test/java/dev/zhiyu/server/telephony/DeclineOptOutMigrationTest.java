package dev.zhiyu.server.telephony;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The opt-outs the old rule made from SIP 603 declines are lifted; the customer's own and DNC entries stay. */
class DeclineOptOutMigrationTest {

    @Test
    void automaticDeclineOptOutsAreLiftedAndNothingElse() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:decline-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        flyway(ds).target("202612061530").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO telephony_blocked (phone, kind, reason, at) VALUES "
                    + "('+8613800000001', 'opt_out', '拒接', CURRENT_TIMESTAMP), "
                    + "('+8613800000002', 'opt_out', '通话中要求不再来电', CURRENT_TIMESTAMP), "
                    + "('+8613800000003', 'dnc', '拒接', CURRENT_TIMESTAMP)");
        }
        flyway(ds).load().migrate();
        Map<String, String> left = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT phone, kind FROM telephony_blocked")) {
            while (rs.next()) {
                left.put(rs.getString(1), rs.getString(2));
            }
        }
        assertEquals(Map.of("+8613800000002", "opt_out", "+8613800000003", "dnc"), left);
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(JdbcDataSource ds) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/tenant").outOfOrder(true);
    }
}
