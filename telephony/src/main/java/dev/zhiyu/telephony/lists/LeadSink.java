package dev.zhiyu.telephony.lists;

import dev.zhiyu.telephony.Lead;

/**
 * Where imported leads go (tenant database in the server, memory in tests). All adds of one import become
 * visible at {@link #commit()} or not at all ({@link #abort()}).
 */
public interface LeadSink {

    /** False if the list already holds this phone number (re-uploading adds nothing twice). */
    boolean add(Lead lead);

    void commit();

    void abort();
}
