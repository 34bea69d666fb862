package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Finds companies of a tenant's graph view by name, short name, former name, listing code, credit code or the name of a
 * person who holds or serves in it: a Lucene index of CJK bigrams over every company of the view, so "民生银行" finds
 * 中国民生银行股份有限公司. Each view keeps its own index ({@link SearchIndex}): only the companies a write changed are
 * re-indexed, and a restart on an unchanged store reuses the stored index.
 */
public final class CompanySearch {
    /** One search hit. */
    public record Hit(String id, String name, List<String> formerNames, String listingCode, float score) {
    }

    /** What the index knows of one company. */
    record Card(String id, String name, List<String> formerNames, String listingCode, List<String> persons) {
    }

    private final Analyzer analyzer = new CJKAnalyzer();

    /**
     * Searches the view's own index ({@code tenant} names the view for the caller; each view keeps its index, brought
     * up to date with the companies changed since the last search).
     */
    public List<Hit> search(String tenant, KnowledgeGraph graph, String text, int limit) {
        String q = text.strip();
        return graph(graph).search.search(graph(graph), s -> {
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc d : s.search(query(q, s), limit).scoreDocs) {
                Document doc = s.storedFields().document(d.doc);
                hits.add(new Hit(doc.get("id"), doc.get("name"), List.of(doc.getValues("former")), doc.get("code"),
                        d.score));
            }
            return hits;
        });
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

    private static Graph graph(KnowledgeGraph graph) {
        if (graph instanceof Graph g) {
            return g;
        }
        throw new IllegalArgumentException("只能检索本模块打开的图谱");
    }
}
