package dev.zhiyu.server.platform;

import java.sql.SQLException;

/** What a database error means for the request that caused it. */
public final class StorageErrors {
    private StorageErrors() {
    }

    /**
     * PostgreSQL refuses U+0000 in text (SQLSTATE 22021, or 22P05 in jsonb). Request values are checked before they
     * get to storage (JSON strings, query, path and form parameters); this catches any other way in.
     */
    public static boolean nulRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
