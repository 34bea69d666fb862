package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * its last commit, so a restart whose store has not changed since reuses it; otherwise (or with no stored view) it is
 * built whole on the first search, which waits for a snapshot still being read.
 */
final class SearchIndex implements AutoCloseable {
    /** Bumped when the documents' fields change: an index of another format is rebuilt. */
    static final String FORMAT = "1";

    private final Path dir;
    private final Analyzer analyzer = new CJKAnalyzer();
    private final Set<Integer> changed = ConcurrentHashMap.newKeySet();
    /** Documents written (added or replaced) since this view opened: an honest count of the indexing work done. */
    final AtomicLong written = new AtomicLong();
    private Directory directory;
    private IndexWriter writer;
    private ConcurrentMergeScheduler merges;
    private boolean whole;
    private volatile SearcherManager manager;
    /** The graph version the searchers show. */
    private volatile long indexed = -1;
    private boolean closed;

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

    /** Runs a search on the index as of the graph's latest published version (brought up to date first). */
    <T> T search(Graph g, SearchFunction<T> query) {
        try {
            if (indexed != g.version() || manager == null) {
                synchronized (this) {
                    if (indexed != g.version() || manager == null) {
                        try {
                            update(g);
                        } catch (IOException | RuntimeException e) {
                            whole = false; // the changes drained for this update are lost: build whole next time
                            throw e;
                        }
                    }
                }
            }
            IndexSearcher s = manager.acquire();
            try {
                return query.apply(s);
            } finally {
                manager.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("企业检索索引读写失败：" + e.getMessage(), e);
        }
    }

    /** A query over a searcher. */
    interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private void update(Graph g) throws IOException {
        if (closed) {
            throw new IllegalStateException("图谱已关闭");
        }
        if (writer == null) {
            open(g.openStamp());
        }
        Drain d = g.drainSearch(this);
        if (!whole) {
            writer.deleteAll();
            for (CompanySearch.Card c : g.companyCards()) {
                writer.addDocument(document(c));
                written.incrementAndGet();
            }
            whole = true;
            // wait for the merges the build set off, as closing the writer would: searches then run on merged segments
            writer.flush();
            merges.sync();
        } else {
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
        }
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
     * Opens the stored index; it is reused when its last commit names the store stamp this view opened at (then only
     * what changed since is rewritten). Another process holding it, or no stored view: an in-memory index built whole.
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
                whole = stamp != null && stamp.equals(saved.get("stamp")) && FORMAT.equals(saved.get("format"));
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
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
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
    public synchronized void close() {
        closed = true;
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
