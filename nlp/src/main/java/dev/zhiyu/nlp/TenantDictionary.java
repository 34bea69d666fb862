package dev.zhiyu.nlp;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.collection.trie.bintrie.BinTrie;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's own vocabulary (market terms, product names ...). Each word has an entity type ("term", "product" ...);
 * words change segmentation and are found as dictionary entities. Changes take effect on the next call, without a
 * restart: every change builds a new immutable snapshot that is published atomically (copy-on-write), so concurrent
 * segmentation never sees a half-updated trie.
 */
public final class TenantDictionary {
    /** Frequency given to tenant words: high enough to win over the core dictionary's split. */
    private static final int FREQUENCY = 10_000;

    record Snapshot(long version, Map<String, String> words, Segment segment, BinTrie<String> types) {}

    private final Map<String, String> words = new LinkedHashMap<>();
    private volatile Snapshot snapshot;

    private TenantDictionary() { rebuild(0); }

    /** An empty dictionary (HanLP's core and custom dictionaries still apply). */
    public static TenantDictionary empty() { return new TenantDictionary(); }

    /** The shipped securities vocabulary (科创板, 两融, 三方存管, 视频见证 ...), ready to extend per tenant. */
    public static TenantDictionary withFinanceTerms() {
        TenantDictionary d = new TenantDictionary();
        try (InputStream in = TenantDictionary.class.getResourceAsStream("finance-terms.tsv")) {
            d.addAll(parse(in, "finance-terms.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** Adds or replaces one word; {@code type} is the entity type reported for it. */
    public void add(String word, String type) { addAll(Map.of(word, type)); }

    public synchronized void addAll(Map<String, String> entries) {
        entries.forEach((w, t) -> {
            String word = Normalization.Step.CHAR_TABLE.apply(w.strip());
            if (word.isEmpty() || word.contains(" ")) throw new IllegalArgumentException("词典词条不能为空或含空格：「" + w + "」");
            if (t == null || t.isBlank()) throw new IllegalArgumentException("词典词条缺少类型：「" + w + "」");
            words.put(word, t.strip());
        });
        rebuild(snapshot == null ? 0 : snapshot.version + 1);
    }

    public synchronized boolean remove(String word) {
        boolean removed = words.remove(Normalization.Step.CHAR_TABLE.apply(word.strip())) != null;
        if (removed) rebuild(snapshot.version + 1);
        return removed;
    }

    /** Loads {@code word<TAB>type} lines ('#' comments allowed); a malformed line is reported by number. */
    public void load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            addAll(parse(in, file.toString()));
        }
    }

    public Map<String, String> words() { return Collections.unmodifiableMap(snapshot.words); }

    public long version() { return snapshot.version; }

    Snapshot snapshot() { return snapshot; }

    private void rebuild(long version) {
        BinTrie<CoreDictionary.Attribute> trie = new BinTrie<>();
        BinTrie<String> types = new BinTrie<>();
        words.forEach((w, t) -> {
            trie.put(w, new CoreDictionary.Attribute(com.hankcs.hanlp.corpus.tag.Nature.nz, FREQUENCY));
            types.put(w, t);
        });
        DynamicCustomDictionary base = CustomDictionary.DEFAULT;
        DynamicCustomDictionary custom = new DynamicCustomDictionary(base.dat, trie, base.path);
        Segment segment = HanLP.newSegment()
                .enableNameRecognize(true).enablePlaceRecognize(true).enableOrganizationRecognize(true)
                .enableOffset(true).enableCustomDictionary(custom);
        snapshot = new Snapshot(version, Map.copyOf(words), segment, types);
    }

    private static Map<String, String> parse(InputStream in, String name) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.split("\t", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(name + " 第 " + n + " 行格式错误，应为「词<TAB>类型」：" + line);
            }
            entries.put(parts[0].strip(), parts[1].strip());
        }
        return entries;
    }

    /** Longest-match dictionary entities over normalised text. */
    List<Entity> findEntities(String original, String normalized) {
        Snapshot s = snapshot;
        List<Entity> found = new ArrayList<>();
        if (s.words.isEmpty()) return found;
        s.types.parseLongestText(normalized, (begin, end, type) ->
                found.add(new Entity(type, original.substring(begin, end), begin, end, normalized.substring(begin, end), "dictionary")));
        return found;
    }
}
