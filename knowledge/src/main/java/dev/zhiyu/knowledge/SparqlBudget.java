package dev.zhiyu.knowledge;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.WrappedGraph;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.util.iterator.ExtendedIterator;

/**
 * The bounds of one running query, checked at every triple it reads: the deadline, a cancel flag the watchdog sets,
 * and a cap on triples read (which also bounds the memory property paths and sorts can build up). ARQ 5.6 does not
 * check cancellation inside property-path evaluation, so the check sits under it, in the graph.
 */
final class SparqlBudget {
    private final long deadline;
    private final long maxTriples;
    private long triples;
    private volatile boolean cancelled;

    SparqlBudget(long timeoutMillis, long maxTriples) {
        this.deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        this.maxTriples = maxTriples;
    }

    void cancel() {
        cancelled = true;
    }

    long triples() {
        return triples;
    }

    private void tick() {
        if (cancelled || System.nanoTime() > deadline) {
            throw new QueryCancelledException();
        }
        if (++triples > maxTriples) {
            throw SparqlException.rejected("查询需要读取超过 " + maxTriples + " 条三元组（如无界的属性路径 * / +）："
                    + "请限定起点、缩短路径或加上更具体的条件");
        }
    }

    /** The graph as this query sees it: every find and every triple returned pass the checks. */
    Graph guard(Graph base) {
        return new WrappedGraph(base) {
            @Override
            public ExtendedIterator<Triple> find(Node s, Node p, Node o) {
                tick();
                return super.find(s, p, o).mapWith(t -> {
                    tick();
                    return t;
                });
            }

            @Override
            public ExtendedIterator<Triple> find(Triple m) {
                return find(m.getSubject(), m.getPredicate(), m.getObject());
            }

            @Override
            public boolean contains(Node s, Node p, Node o) {
                tick();
                return super.contains(s, p, o);
            }

            @Override
            public boolean contains(Triple t) {
                return contains(t.getSubject(), t.getPredicate(), t.getObject());
            }
        };
    }
}
