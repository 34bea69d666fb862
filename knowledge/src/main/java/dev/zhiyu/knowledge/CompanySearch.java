package dev.zhiyu.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>
 * While that index is being built whole (after a restart on a changed store, or with none stored) a search does not
 * wait for the build: it answers from the index stored for the earlier store state, each hit checked against the graph
 * and shown as the company is now, plus the company whose id, code, name or former name is exactly the text typed —
 * and says the answer is partial ({@link Results#partial()}, with a Chinese note on what may be missing).
 */
public final class CompanySearch {
    /** One search hit. */
    public record Hit(String id, String name, List<String> formerNames, String listingCode, float score) {
    }

    /**
     * A search's hits; {@code partial} when the whole index was not ready (may miss companies added or renamed since the
     * stored index, or, with none stored, everything but an exact name, code or id), {@code note} saying so in Chinese.
     */
    public record Results(List<Hit> hits, boolean partial, String note) {
        public Results {
            hits = List.copyOf(hits);
        }
    }

    /** What the index knows of one company. */
    record Card(String id, String name, List<String> formerNames, String listingCode, List<String> persons) {
    }

    private final Analyzer analyzer = new CJKAnalyzer();

    /**
     * Searches the view's own index ({@code tenant} names the view for the caller; each view keeps its index, brought
     * up to date with the companies changed since the last search). Never waits for a whole index build: see
     * {@link Results#partial()}.
     */
    public Results search(String tenant, KnowledgeGraph graph, String text, int limit) {
        String q = text.strip();
        Graph g = graph(graph);
        SearchIndex.Answer<List<Hit>> a = g.search.search(g, s -> {
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc d : s.search(query(q, s), limit).scoreDocs) {
                Document doc = s.storedFields().document(d.doc);
                hits.add(new Hit(doc.get("id"), doc.get("name"), List.of(doc.getValues("former")), doc.get("code"),
                        d.score));
            }
            return hits;
        });
        if (a.coverage() == SearchIndex.Coverage.WHOLE) {
            return new Results(a.value(), false, null);
        }
        return new Results(asNow(g, q, a.value() == null ? List.of() : a.value(), limit), true, note(a.coverage(), g));
    }

    /**
     * Hits of an index that may be behind the graph, as the graph has them now (a company it no longer has as a company
     * is left out), after the company whose id, code, name or former name is exactly {@code q}.
     */
    private static List<Hit> asNow(Graph g, String q, List<Hit> indexed, int limit) {
        List<Integer> nodes = g.read(() -> {
            List<Integer> out = new ArrayList<>();
            out.add(g.index.resolve(q));
            indexed.forEach(h -> out.add(g.index.node(h.id())));
            return out;
        });
        List<Integer> known = nodes.stream().filter(n -> n >= 0).toList();
        Map<Integer, Card> cards = new HashMap<>();
        List<Card> found = g.cards(known);
        for (int i = 0; i < known.size(); i++) {
            cards.put(known.get(i), found.get(i));
        }
        float top = indexed.isEmpty() ? 1 : indexed.getFirst().score() + 1;
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size() && hits.size() < limit; i++) {
            Card c = cards.get(nodes.get(i));
            if (c != null) {
                hits.putIfAbsent(c.id(), new Hit(c.id(), c.name(), c.formerNames(), c.listingCode(),
                        i == 0 ? top : indexed.get(i - 1).score()));
            }
        }
        return List.copyOf(hits.values());
    }

    private static String note(SearchIndex.Coverage coverage, Graph g) {
        Readiness r = g.readiness();
        String why = r.state() == Readiness.State.SERVING_PARTIAL ? "图谱索引读入中 " + r.percent() + "%，企业检索索引随后重建"
                : "企业检索索引正在后台重建";
        return coverage == SearchIndex.Coverage.STALE
                ? why + "：结果来自上次保存的检索索引，其后新增或更名的企业可能缺失（完整名称、代码或编号可精确找到）。请稍后再搜以获得完整结果"
                : why + "：目前只能按完整的企业名称、曾用名、代码或编号精确查找。请稍后再搜以获得完整结果";
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
