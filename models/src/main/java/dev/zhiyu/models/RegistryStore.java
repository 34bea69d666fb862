package dev.zhiyu.models;

import java.util.List;
import java.util.Optional;

/** The tenant's model versions and live history (the server keeps them in the tenant database). */
public interface RegistryStore {
    void add(ModelVersion v);

    Optional<ModelVersion> find(String id);

    /** Newest first; {@code purpose} null for all. */
    List<ModelVersion> list(String purpose);

    Optional<ModelVersion> live(String purpose);

    /**
     * Atomically: the purpose's live version (if any) becomes RETIRED, {@code id} becomes LIVE, and the change is
     * recorded. Fails if {@code expectedLive} is no longer the live one (a concurrent promotion won).
     */
    void makeLive(String purpose, String expectedLive, String id, String by, String reason);

    /** Newest first. */
    List<LiveChange> history(String purpose);

    /** A number that changes with every promotion or rollback of any purpose (0 before the first): cheap to poll. */
    long lastChange();
}
