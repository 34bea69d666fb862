package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Finds companies of a tenant's graph view by name, short name, former name, listing code or credit code: a Lucene
 * index of CJK bigrams, so "民生银行" finds 中国民生银行股份有限公司. One in-memory index per tenant, rebuilt when the
 * number of parties in the view changes (imports add parties; renames alone are picked up on the next restart).
 */
public final class CompanySearch {
    /** One search hit. */
    public record Hit(String id, String name, List<String> formerNames, String listingCode, float score) {
    }

    private record Built(int size, IndexSearcher searcher) {
    }

    private static final String QUERY = """
            PREFIX zy: <https://zhiyu.dev/kg#>
            SELECT ?id ?name ?former ?code WHERE { ?c a zy:Company ; zy:id ?id ; zy:name ?name .
              OPTIONAL { ?c zy:formerName ?former } OPTIONAL { ?c zy:listingCode ?code } }""";
    private static final int MAX_ROWS = 10_000;

    private final Analyzer analyzer = new CJKAnalyzer();
    private final Map<String, Built> indexes = new ConcurrentHashMap<>();

    public List<Hit> search(String tenant, KnowledgeGraph graph, String text, int limit) {
        String q = text.strip();
        Built built = indexes.compute(tenant, (t, old) -> old != null && old.size() == graph.size() ? old : build(graph));
        try {
            IndexSearcher s = built.searcher();
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc d : s.search(query(q), limit).scoreDocs) {
                Document doc = s.storedFields().document(d.doc);
                hits.add(new Hit(doc.get("id"), doc.get("name"), List.of(doc.getValues("former")), doc.get("code"),
                        d.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Query query(String q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new BoostQuery(new TermQuery(new Term("key", q.toLowerCase(Locale.ROOT))), 10), BooleanClause.Occur.SHOULD);
        List<String> grams = grams(q);
        if (!grams.isEmpty()) {
            BooleanQuery.Builder text = new BooleanQuery.Builder();
            grams.forEach(g -> text.add(new TermQuery(new Term("names", g)), BooleanClause.Occur.SHOULD));
            // most of the typed bigrams must occur: tolerant of short names, not of unrelated ones sharing 有限公司
            text.setMinimumNumberShouldMatch(Math.max(1, (int) Math.ceil(grams.size() * 0.6)));
            b.add(text.build(), BooleanClause.Occur.SHOULD);
        }
        return b.build();
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

    private Built build(KnowledgeGraph graph) {
        int size = graph.size();
        SparqlResult rows = graph.sparql(QUERY, new SparqlLimits(30_000, MAX_ROWS));
        Map<String, Document> docs = new LinkedHashMap<>();
        for (Map<String, String> row : rows.rows()) {
            Document d = docs.computeIfAbsent(row.get("id"), id -> company(id, row.get("name"), row.get("code")));
            String former = row.get("former");
            if (former != null && !List.of(d.getValues("former")).contains(former)) {
                d.add(new StoredField("former", former));
                d.add(new TextField("names", former, Field.Store.NO));
                d.add(new StringField("key", former.toLowerCase(Locale.ROOT), Field.Store.NO));
            }
        }
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
            w.addDocuments(docs.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Built(size, new IndexSearcher(DirectoryReader.open(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document company(String id, String name, String code) {
        Document d = new Document();
        d.add(new StoredField("id", id));
        d.add(new StoredField("name", name));
        d.add(new StringField("key", id.toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new StringField("key", name.toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new TextField("names", name, Field.Store.NO));
        if (code != null) {
            d.add(new StoredField("code", code));
            d.add(new StringField("key", code.toLowerCase(Locale.ROOT), Field.Store.NO));
        }
        return d;
    }
}
