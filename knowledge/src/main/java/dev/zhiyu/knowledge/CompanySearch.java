package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Finds companies of a tenant's graph view by name, short name, former name, listing code, credit code or the name of a
 * person who holds or serves in it: a Lucene index of CJK bigrams over every company of the view, so "民生银行" finds
 * 中国民生银行股份有限公司. One in-memory index per tenant, rebuilt after any import into the view.
 */
public final class CompanySearch {
    /** One search hit. */
    public record Hit(String id, String name, List<String> formerNames, String listingCode, float score) {
    }

    /** What the index knows of one company. */
    record Card(String id, String name, List<String> formerNames, String listingCode, List<String> persons) {
    }

    private record Built(Object version, IndexSearcher searcher) {
    }

    /** A tenant's index; building it locks this tenant's slot only, never the map (other tenants search on). */
    private static final class Slot {
        volatile Built built;
    }

    private final Analyzer analyzer = new CJKAnalyzer();
    private final Map<String, Slot> indexes = new ConcurrentHashMap<>();

    public List<Hit> search(String tenant, KnowledgeGraph graph, String text, int limit) {
        String q = text.strip();
        Built built = current(indexes.computeIfAbsent(tenant, t -> new Slot()), graph);
        try {
            IndexSearcher s = built.searcher();
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc d : s.search(query(q, s), limit).scoreDocs) {
                Document doc = s.storedFields().document(d.doc);
                hits.add(new Hit(doc.get("id"), doc.get("name"), List.of(doc.getValues("former")), doc.get("code"),
                        d.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bigram in more names than this is common (有限, 公司, 企业): it ranks, but does not decide a match. */
    static final int COMMON_AT_LEAST = 1_000;

    private Query query(String q, IndexSearcher s) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new BoostQuery(new TermQuery(new Term("key", q.toLowerCase(Locale.ROOT))), 10), BooleanClause.Occur.SHOULD);
        List<String> grams = grams(q);
        if (!grams.isEmpty()) {
            b.add(names(grams, s), BooleanClause.Occur.SHOULD);
            BooleanQuery.Builder people = new BooleanQuery.Builder();
            grams.forEach(g -> people.add(new TermQuery(new Term("persons", g)), BooleanClause.Occur.SHOULD));
            people.setMinimumNumberShouldMatch(grams.size());
            b.add(new BoostQuery(people.build(), 0.5f), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /**
     * Most of the typed bigrams must occur: tolerant of short names, not of unrelated ones sharing 有限公司. Where some
     * bigrams are common and others not, "most" counts the uncommon ones and the common ones only rank: otherwise
     * every name containing 合成企业 would be scored (over a second per query at 1 M companies).
     */
    private static Query names(List<String> grams, IndexSearcher s) throws IOException {
        int common = Math.max(COMMON_AT_LEAST, s.getIndexReader().numDocs() / 10);
        List<String> rare = new ArrayList<>();
        for (String g : grams) {
            if (s.getIndexReader().docFreq(new Term("names", g)) <= common) {
                rare.add(g);
            }
        }
        List<String> deciding = rare.isEmpty() ? grams : rare;
        BooleanQuery.Builder most = new BooleanQuery.Builder();
        deciding.forEach(g -> most.add(new TermQuery(new Term("names", g)), BooleanClause.Occur.SHOULD));
        most.setMinimumNumberShouldMatch(Math.max(1, (int) Math.ceil(deciding.size() * 0.6)));
        if (deciding.size() == grams.size()) {
            return most.build();
        }
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        text.add(most.build(), BooleanClause.Occur.MUST);
        grams.stream().filter(g -> !rare.contains(g))
                .forEach(g -> text.add(new TermQuery(new Term("names", g)), BooleanClause.Occur.SHOULD));
        return text.build();
    }

    private List<String> grams(String q) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("names", q)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Built current(Slot slot, KnowledgeGraph graph) {
        Object version = version(graph);
        Built b = slot.built;
        if (b != null && b.version().equals(version)) {
            return b;
        }
        synchronized (slot) {
            b = slot.built;
            if (b == null || !b.version().equals(version)) {
                b = build(graph);
                slot.built = b;
            }
            return b;
        }
    }

    /** Graphs of this module count their writes; any other implementation is indexed again when its size changes. */
    private static Object version(KnowledgeGraph graph) {
        return graph instanceof Graph g ? g.version() : graph.size();
    }

    private Built build(KnowledgeGraph graph) {
        Object version = version(graph);
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer).setRAMBufferSizeMB(64))) {
            for (Card c : cards(graph)) {
                w.addDocument(document(c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Built(version, new IndexSearcher(DirectoryReader.open(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Iterable<Card> cards(KnowledgeGraph graph) {
        if (graph instanceof Graph g) {
            return g.companyCards();
        }
        throw new IllegalArgumentException("只能检索本模块打开的图谱");
    }

    private static Document document(Card c) {
        Document d = new Document();
        d.add(new StoredField("id", c.id()));
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
}
