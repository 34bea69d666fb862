package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * A view's Lucene index of its companies (what {@link CompanySearch} queries), kept in step with the graph one company
 * at a time: each published write marks the companies whose names, codes or persons it changed, and the next search
 * rewrites only their documents (by id). Stored beside the snapshot ({@code kg.index.search}) with the store stamp of
 * its last commit, so a restart whose store has not changed since reuses it.
 * <p>
 * Otherwise (a store written while the server was down, another format, no stored index) the whole index is built on
 * a background thread, which first waits for a snapshot still being read. A search waits for that build at most
 * {@link #patience} nanoseconds (not at all while the snapshot is still read), then answers from what there is — the stored index of the earlier store state
 * ({@link Coverage#STALE}) or nothing ({@link Coverage#EXACT_ONLY}) — and says so; it never waits for the whole build.
 */
final class SearchIndex implements AutoCloseable {
    /** Bumped when the documents' fields change: an index of another format is rebuilt. */
    static final String FORMAT = "1";

    /** What a search's answer covers. */
    enum Coverage {
        /** Every company as of the latest published write. */
        WHOLE,
        /** The index of an earlier store state, while the whole index is built: later companies or names may be missing. */
        STALE,
        /** No index yet (it is being built): the caller can only look up exact names, codes and ids. */
        EXACT_ONLY
    }

    /** A query's result ({@code null} when there was no index to run it on) and what the index it ran on covers. */
    record Answer<T>(T value, Coverage coverage) {
    }

    private final Path dir;
    private final Analyzer analyzer = new CJKAnalyzer();
    private final Set<Integer> changed = ConcurrentHashMap.newKeySet();
    /** Documents written (added or replaced) since this view opened: an honest count of the indexing work done. */
    final AtomicLong written = new AtomicLong();
    /** How long a search waits for a whole build before answering from what there is (tests shorten it). */
    volatile long patience = 1_500_000_000L;
    /** Held while documents are written (a whole build, a catch-up): searches never wait for it unless current. */
    private final Object writing = new Object();
    private Directory directory;
    private IndexWriter writer;
    private ConcurrentMergeScheduler merges;
    /** The writer holds every company (up to the marked changes); guarded by {@link #writing}. */
    private boolean whole;
    /** The searchers show the whole index (up to the marked changes): answers are complete once caught up. */
    private volatile boolean current;
    private volatile SearcherManager manager;
    /** The graph version the searchers show. */
    private volatile long indexed = -1;
    /** The whole build under way or last run (null: none started); guarded by this. */
    private CompletableFuture<Void> build;
    private volatile boolean closed;

    /** What a search index update takes from the graph in one step: the store stamp, the version, the changed nodes. */
    record Drain(String stamp, long version, List<Integer> nodes) {
    }

    /** {@code dir}: where the index is kept across restarts, or null (in memory, built on first use). */
    SearchIndex(Path dir) {
        this.dir = dir;
    }

    /** Companies whose search documents a published write changed (caller holds the graph's write lock). */
    void changed(Iterable<Integer> companies) {
        companies.forEach(changed::add);
    }

    /** Takes the marked companies (caller holds the graph's read lock, so no publish is half-way). */
    List<Integer> drain() {
        List<Integer> nodes = List.copyOf(changed);
        changed.removeAll(nodes);
        return nodes;
    }

    /**
     * Runs a search on the index as of the graph's latest published version (brought up to date first) when there is
     * one; otherwise starts the whole build, waits for it at most {@link #patience}, and runs the search on what there
     * is, saying what that covers.
     */
    <T> Answer<T> search(Graph g, SearchFunction<T> query) {
        try {
            CompletableFuture<Void> pending = prepare(g);
            if (pending != null && g.readiness().state() == Readiness.State.READY) {
                awaitBuild(pending); // while a snapshot is still read the build cannot end: no use waiting for it
            }
            if (current) {
                if (indexed != g.version()) {
                    catchUp(g);
                }
                if (current) {
                    return new Answer<>(run(manager, query), Coverage.WHOLE);
                }
            }
            SearcherManager m = manager;
            return m == null ? new Answer<>(null, Coverage.EXACT_ONLY) : new Answer<>(run(m, query), Coverage.STALE);
        } catch (IOException e) {
            throw new UncheckedIOException("企业检索索引读写失败：" + e.getMessage(), e);
        }
    }

    /** Whether a search now would be answered from the whole index (no build pending). */
    boolean current() {
        return current;
    }

    private static <T> T run(SearcherManager m, SearchFunction<T> query) throws IOException {
        IndexSearcher s = m.acquire();
        try {
            return query.apply(s);
        } finally {
            m.release(s);
        }
    }

    /** Opens the stored index on first use and starts a whole build when the searchers do not show a whole index. */
    private synchronized CompletableFuture<Void> prepare(Graph g) throws IOException {
        if (closed) {
            throw new IllegalStateException("图谱已关闭");
        }
        if (writer == null) {
            open(g.openStamp());
        }
        if (current) {
            return null;
        }
        if (build == null || build.isDone()) { // none yet, or one that failed or was overtaken by a failed catch-up
            CompletableFuture<Void> f = new CompletableFuture<>();
            build = f;
            Thread.ofPlatform().daemon().name("kg-search-build").start(() -> {
                try {
                    rebuild(g);
                    f.complete(null);
                } catch (IOException | RuntimeException | Error e) {
                    if (!closed) {
                        System.getLogger(SearchIndex.class.getName()).log(System.Logger.Level.WARNING,
                                "企业检索索引建立失败（下次检索时重试）", e);
                    }
                    f.completeExceptionally(e);
                }
            });
        }
        return build;
    }

    /** Waits for the whole build at most {@link #patience}; its failure is the search's. */
    private void awaitBuild(CompletableFuture<Void> pending) throws IOException {
        try {
            pending.get(patience, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // answered from what there is, flagged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** A query over a searcher. */
    interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * Every company's document, written anew; on the build thread. Collecting the cards waits for a snapshot still
     * being read; the writing (under {@link #writing}) stops when the view closes, and an unfinished build is not
     * committed (the writer does not commit on close), so the stored index stays the earlier one.
     */
    private void rebuild(Graph g) throws IOException {
        Drain d = g.drainSearch(this);
        List<CompanySearch.Card> cards = g.companyCards();
        synchronized (writing) {
            if (closed) {
                throw new IllegalStateException("图谱已关闭");
            }
            whole = false;
            writer.deleteAll();
            for (CompanySearch.Card c : cards) {
                if (closed) {
                    throw new IllegalStateException("图谱已关闭");
                }
                writer.addDocument(document(c));
                written.incrementAndGet();
            }
            // wait for the merges the build set off, as closing the writer would: searches then run on merged segments
            writer.flush();
            merges.sync();
            whole = true;
            publish(d);
            current = true;
        }
    }

    /** Rewrites the documents of the companies changed since the searchers' version (short: a write's companies). */
    private void catchUp(Graph g) throws IOException {
        synchronized (writing) {
            if (!current || indexed == g.version() || closed) {
                return;
            }
            try {
                Drain d = g.drainSearch(this);
                List<CompanySearch.Card> cards = g.cards(d.nodes());
                for (int i = 0; i < cards.size(); i++) {
                    CompanySearch.Card c = cards.get(i);
                    if (c == null) {
                        writer.deleteDocuments(new Term("id", g.idOf(d.nodes().get(i))));
                    } else {
                        writer.updateDocument(new Term("id", c.id()), document(c));
                        written.incrementAndGet();
                    }
                }
                publish(d);
            } catch (IOException | RuntimeException e) {
                // the changes drained for this update are lost: the searchers show an earlier index until a new build
                whole = false;
                current = false;
                throw e;
            }
        }
    }

    /** Commits with the store stamp the index now shows and lets the searchers see it. Caller holds {@link #writing}. */
    private void publish(Drain d) throws IOException {
        writer.setLiveCommitData(Map.of("stamp", d.stamp() == null ? "" : d.stamp(), "format", FORMAT).entrySet());
        writer.commit();
        if (manager == null) {
            manager = new SearcherManager(writer, null);
        } else {
            manager.maybeRefreshBlocking();
        }
        indexed = d.version();
    }

    /**
     * Opens the stored index. When its last commit names the store stamp this view opened at, it is current (only what
     * changed since is rewritten); a stored index of another stamp (same format) is searched, flagged stale, until the
     * whole build replaces it. Another process holding it, or no stored view: an in-memory index built whole.
     */
    private void open(String stamp) throws IOException {
        if (dir != null) {
            try {
                directory = FSDirectory.open(dir);
                writer = new IndexWriter(directory, config());
                Map<String, String> saved = new java.util.HashMap<>();
                Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
                if (data != null) {
                    data.forEach(e -> saved.put(e.getKey(), e.getValue()));
                }
                boolean format = FORMAT.equals(saved.get("format"));
                whole = format && stamp != null && stamp.equals(saved.get("stamp"));
                if (format && writer.getDocStats().numDocs > 0) {
                    manager = new SearcherManager(writer, null);
                }
                current = whole;
                return;
            } catch (LockObtainFailedException e) {
                System.getLogger(SearchIndex.class.getName()).log(System.Logger.Level.WARNING,
                        "企业检索索引被另一进程占用，本次在内存中重建：" + dir);
                directory.close();
            }
        }
        directory = new ByteBuffersDirectory();
        writer = new IndexWriter(directory, config());
        whole = false;
    }

    private IndexWriterConfig config() {
        merges = new ConcurrentMergeScheduler();
        return new IndexWriterConfig(analyzer).setRAMBufferSizeMB(64).setMergeScheduler(merges)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCommitOnClose(false); // every change is committed explicitly
    }

    static Document document(CompanySearch.Card c) {
        Document d = new Document();
        d.add(new StringField("id", c.id(), Field.Store.YES));
        d.add(new StoredField("name", c.name()));
        d.add(new StringField("key", c.id().toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new StringField("key", c.name().toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new TextField("names", c.name(), Field.Store.NO));
        if (c.listingCode() != null && !c.listingCode().isBlank()) {
            d.add(new StoredField("code", c.listingCode()));
            d.add(new StringField("key", c.listingCode().toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        for (String former : c.formerNames()) {
            d.add(new StoredField("former", former));
            d.add(new TextField("names", former, Field.Store.NO));
            d.add(new StringField("key", former.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        for (String person : c.persons()) {
            d.add(new TextField("persons", person, Field.Store.NO));
        }
        return d;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            synchronized (writing) {
                closeAll();
            }
        }
    }

    private void closeAll() {
        try {
            if (manager != null) {
                manager.close();
            }
            if (writer != null) {
                writer.close();
            }
            if (directory != null) {
                directory.close();
            }
        } catch (IOException e) {
            System.getLogger(SearchIndex.class.getName()).log(System.Logger.Level.WARNING, "企业检索索引关闭失败", e);
        }
    }
}
