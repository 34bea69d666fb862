package dev.zhiyu.nlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The analysis facade: segmentation and POS, HanLP names, rule entities, tenant-dictionary entities and (optionally)
 * N-best intents. Thread-safe; one instance per tenant.
 */
public final class Analyzer {
    /** Longest utterance accepted; longer input is rejected with a clear message rather than analysed slowly. */
    public static final int MAX_CHARS = 10_000;

    private final TenantDictionary dictionary;
    private final Segmenter segmenter;
    private final List<EntityRecognizer> recognizers;
    private final IntentClassifier intents;

    private Analyzer(TenantDictionary dictionary, List<EntityRecognizer> extra, IntentClassifier intents, RuleEntityRecognizer rules) {
        this.dictionary = dictionary;
        this.segmenter = Segmenter.hanlp(dictionary);
        List<EntityRecognizer> r = new ArrayList<>();
        r.add(rules);
        r.add((text, tokens) -> dictionary.findEntities(text, Normalization.Step.CHAR_TABLE.apply(text)));
        r.addAll(extra);
        r.add(new HanlpEntityRecognizer());
        this.recognizers = List.copyOf(r);
        this.intents = intents;
    }

    /** Analysis without intents. */
    public static Analyzer create(TenantDictionary dictionary) {
        return new Analyzer(dictionary, List.of(), null, new RuleEntityRecognizer());
    }

    /** Analysis plus intents from {@code intents} (e.g. {@code IntentModels.load("builtin:generic")}). */
    public static Analyzer create(TenantDictionary dictionary, IntentClassifier intents) {
        return new Analyzer(dictionary, List.of(), intents, new RuleEntityRecognizer());
    }

    /**
     * Full control: {@code extra} recognisers (e.g. a trained CRF slot recogniser) run after rules and dictionary
     * and before HanLP names; earlier recognisers win partial overlaps, while an identical span with a different
     * type is reported by both (e.g. 建设银行 as stock and as bank).
     */
    public static Analyzer create(TenantDictionary dictionary, IntentClassifier intents, RuleEntityRecognizer rules,
                                  List<EntityRecognizer> extra) {
        return new Analyzer(dictionary, extra, intents, rules);
    }

    /**
     * Everything shipped: the tenant's dictionary, rule entities, the built-in CRF slot recogniser (bank, branch,
     * product) and the generic rules → neural intent cascade. What {@code nlu analyze} uses.
     */
    public static Analyzer withBuiltinModels(TenantDictionary dictionary) {
        return new Analyzer(dictionary, List.of(CrfSlotRecognizer.builtin()), IntentCascade.builtinGeneric(), new RuleEntityRecognizer());
    }

    public TenantDictionary dictionary() { return dictionary; }

    public Analysis analyze(String text) { return analyze(text, 3); }

    /** @throws IllegalArgumentException for null or over-long text (the message says which). */
    public Analysis analyze(String text, int nBest) {
        Objects.requireNonNull(text, "文本不能为 null");
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("文本过长：" + text.length() + " 字符，单句分析上限为 " + MAX_CHARS
                    + " 字符（长文档请直接使用 Segmenter）");
        }
        List<Token> tokens = segmenter.segment(text);
        List<Entity> entities = mergeEntities(text, tokens);
        List<IntentScore> n = intents == null || text.isBlank() ? List.of() : intents.classify(text, nBest);
        return new Analysis(text, tokens, entities, n);
    }

    private List<Entity> mergeEntities(String text, List<Token> tokens) {
        List<Entity> kept = new ArrayList<>();
        for (EntityRecognizer r : recognizers) {
            for (Entity e : r.recognize(text, tokens)) {
                // the same span under another type (建设银行: stock name and bank) is kept: the dialog decides by slot
                boolean conflict = kept.stream().anyMatch(k -> k.overlaps(e)
                        && !(k.start() == e.start() && k.end() == e.end() && !k.type().equals(e.type())));
                if (!conflict) kept.add(e);
            }
        }
        kept.sort(Comparator.comparingInt(Entity::start));
        return kept;
    }
}
