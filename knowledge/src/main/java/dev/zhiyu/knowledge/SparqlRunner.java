package dev.zhiyu.knowledge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryException;

/**
 * Runs a tenant's SPARQL queries each on its own thread with a deep stack, at most {@link #PER_TENANT} at once (the
 * rest get BUSY, i.e. 429). The caller waits until the deadline; then the watchdog cancels the budget, which stops the
 * query at its next triple read, and the caller answers TIMEOUT. A slot is freed only when its thread has really ended.
 */
final class SparqlRunner {
    static final int PER_TENANT = 2;
    /** Triples one query may read: bounds its time and the memory paths and sorts build (a few hundred MB at most). */
    static final long MAX_TRIPLES = 1_000_000;
    private static final long STACK_BYTES = 64L << 20;
    private static final long GRACE_MILLIS = 200;
    private final Semaphore slots = new Semaphore(PER_TENANT);

    SparqlResult run(SparqlLimits limits, Function<SparqlBudget, SparqlResult> query) {
        if (!slots.tryAcquire()) {
            throw new SparqlException("本租户已有 " + PER_TENANT + " 个 SPARQL 查询在运行：请等它们结束后再试",
                    SparqlException.Reason.BUSY);
        }
        SparqlBudget budget = new SparqlBudget(limits.timeoutMillis(), MAX_TRIPLES);
        CompletableFuture<SparqlResult> result = new CompletableFuture<>();
        Thread worker = new Thread(null, () -> {
            SparqlResult r = null;
            Throwable failure = null;
            try {
                r = query.apply(budget);
            } catch (StackOverflowError e) {
                failure = SparqlException.rejected("查询嵌套或 UNION 分支过多，无法执行：请拆成几个较小的查询");
            } catch (Throwable e) {
                failure = e;
            }
            slots.release(); // before answering, so a caller's next query finds the slot free
            if (failure == null) {
                result.complete(r);
            } else {
                result.completeExceptionally(failure);
            }
        }, "kg-sparql", STACK_BYTES);
        worker.setDaemon(true);
        try {
            worker.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            slots.release();
            throw new SparqlException("无法启动查询线程：请稍后再试", SparqlException.Reason.BUSY);
        }
        return await(result, budget, limits);
    }

    private static SparqlResult await(CompletableFuture<SparqlResult> result, SparqlBudget budget, SparqlLimits limits) {
        try {
            return result.get(limits.timeoutMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            budget.cancel();
            throw timeout(limits);
        } catch (InterruptedException e) {
            budget.cancel();
            Thread.currentThread().interrupt();
            throw timeout(limits);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), limits);
        }
    }

    private static SparqlException timeout(SparqlLimits limits) {
        return new SparqlException("SPARQL 查询超时（" + limits.timeoutMillis() + " 毫秒），已终止：请缩小查询范围或加上 LIMIT",
                SparqlException.Reason.TIMEOUT);
    }

    private static RuntimeException translate(Throwable e, SparqlLimits limits) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparqlException s) {
                return s;
            }
            if (t instanceof QueryCancelledException) {
                return timeout(limits);
            }
            if (t instanceof QueryException q) {
                return SparqlException.rejected("查询无法执行：" + q.getMessage());
            }
            if (t instanceof OutOfMemoryError) {
                return SparqlException.rejected("查询所需内存超出上限：请缩小查询范围或加上更具体的条件");
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
