package dev.zhiyu.knowledge;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where facts persist. The index is rebuilt from it on open (or read from a snapshot of it) and written through on every load. */
interface FactStore extends AutoCloseable {
    /**
     * Names the store's current contents: it changes with every write (here or by another process). Null when the store
     * cannot say (written before it counted its writes): then no snapshot is trusted.
     */
    default String stamp() {
        return null;
    }

    /** Where the computed index of this store is saved, if anywhere. */
    default Optional<Path> snapshotFile() {
        return Optional.empty();
    }

    /** Writes all facts in one transaction, or none. */
    void write(List<Object> facts);

    /** As {@link #write(List)}, telling {@code progress} how far it has got. */
    default void write(List<Object> facts, Consumer<ImportProgress> progress) {
        write(facts);
    }

    /** Entities first, then products, then every other fact. */
    void replay(Consumer<Object> sink);

    SparqlResult sparql(String query, SparqlLimits limits);

    @Override
    void close();

    /** Keeps nothing: for generated benchmark graphs. */
    FactStore NONE = new FactStore() {
        public void write(List<Object> facts) {
        }

        public void replay(Consumer<Object> sink) {
        }

        public SparqlResult sparql(String query, SparqlLimits limits) {
            throw new SparqlException("此图未持久化，不支持 SPARQL", false);
        }

        public void close() {
        }
    };
}
