package dev.zhiyu.knowledge;

import java.util.List;
import java.util.function.Consumer;

/** Where facts persist. The index is rebuilt from it on open and written through on every load. */
interface FactStore extends AutoCloseable {
    /** Writes all facts in one transaction, or none. */
    void write(List<Object> facts);

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
