package dev.zhiyu.server.platform;

import javax.sql.DataSource;

/** Where each tenant's own database lives. One database per tenant; pools open lazily and are per tenant (a bulkhead). */
interface TenantDatabases extends AutoCloseable {

    /** "h2" or "postgresql". */
    String kind();

    /** Creates an empty database for the tenant and returns its name; fails if one already exists. */
    String create(String slug);

    /** Closes the tenant's pool and deletes its database; does nothing if there is none. */
    void drop(String slug);

    DataSource dataSource(String slug);

    @Override
    void close();
}
