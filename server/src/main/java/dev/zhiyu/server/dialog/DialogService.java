package dev.zhiyu.server.dialog;

import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.dialog.ScenarioEngine;
import dev.zhiyu.dialog.ScenarioException;
import dev.zhiyu.dialog.ScenarioLoader;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.dialog.TurnListener;
import dev.zhiyu.dialog.TurnRecord;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.models.ReviewTurn;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text channel: one dialog engine per tenant (its own scenarios, live sessions and database), sessions kept in
 * memory while they run and every turn persisted. A session id of another tenant is simply not found.
 */
public final class DialogService {
    private static final Logger LOG = LoggerFactory.getLogger(DialogService.class);
    /** Live sessions per tenant; beyond this, new sessions are refused (a bulkhead against one tenant's flood). */
    static final int MAX_LIVE_SESSIONS = 2_000;

    private record TenantDialogs(ScenarioEngine engine, DialogStore store, ConcurrentMap<String, DialogSession> live,
                                 TenantFaq faq) {
    }

    /** The tenant's own FAQ as uploaded, beside the number of shipped entries it adds to or replaces. */
    public record FaqView(List<dev.zhiyu.dialog.FaqAnswers.Entry> own, int shipped) {
    }

    /** At most this many entries in a tenant's FAQ. */
    static final int MAX_FAQ_ENTRIES = 2_000;

    private final Platform platform;
    private final Supplier<IntentClassifier> genericIntents;
    private final Clock clock;
    private final ScenarioModels models;
    private final ConcurrentMap<Long, TenantDialogs> tenants = new ConcurrentHashMap<>();
    /** Scenario functions call out through this client (public addresses only, unless allow-listed). */
    private volatile java.net.http.HttpClient outbound = new dev.zhiyu.server.net.OutboundHttp(
            dev.zhiyu.server.net.OutboundPolicy.strict(), java.time.Duration.ofSeconds(2));
    private volatile java.nio.file.Path faqRoot;

    public DialogService(Platform platform, Supplier<IntentClassifier> genericIntents, Clock clock) {
        this(platform, genericIntents, clock, ScenarioModels.NONE);
    }

    /** @param models the tenant's live scenario intent models, used by a scenario's sessions instead of the generic one */
    public DialogService(Platform platform, Supplier<IntentClassifier> genericIntents, Clock clock, ScenarioModels models) {
        this.platform = platform;
        this.genericIntents = genericIntents;
        this.clock = clock;
        this.models = models;
    }

    /** Off-script questions in calls are answered from FAQs indexed under {@code root} (one folder per tenant). */
    public DialogService withFaq(java.nio.file.Path root) {
        this.faqRoot = root;
        return this;
    }

    /** The client for scenario functions; tenants loaded from now on use it. */
    public DialogService withOutbound(java.net.http.HttpClient client) {
        this.outbound = client;
        return this;
    }

    private TenantDialogs of(Tenant tenant) {
        return tenants.computeIfAbsent(tenant.id(), id -> load(tenant));
    }

    private TenantDialogs load(Tenant tenant) {
        DialogStore store = new DialogStore(platform.stores().jdbi(tenant));
        ScenarioEngine engine = new ScenarioEngine(tenant.slug(), genericIntents.get(), clock, listener(tenant, store),
                false);
        engine.useHttp(outbound);
        engine.useSentences(sentences(tenant));
        engine.install(ScenarioLoader.accountOpeningCallback());
        for (DialogStore.StoredScenario s : store.latestScenarios()) {
            try {
                engine.reload(s.yaml(), s.id() + " v" + s.version());
            } catch (ScenarioException e) {
                LOG.error("租户 {} 的场景 {} v{} 无法加载：{}", tenant.slug(), s.id(), s.version(), e.getMessage());
            }
        }
        engine.scenarioIds().forEach(id -> liveModel(tenant, engine, id));
        TenantFaq faq = faqRoot == null ? null : new TenantFaq(tenant.slug(), faqRoot.resolve(tenant.slug()))
                .start(store.latestFaq());
        engine.useKnowledge(faq);
        return new TenantDialogs(engine, store, new ConcurrentHashMap<>(), faq);
    }

    /**
     * The encoder the problem matcher reads meaning with: the BGE model the default intent model and the FAQ use. If
     * it cannot be loaded the tenant's calls still run, their problems matched by character n-grams alone.
     */
    private static dev.zhiyu.nlp.SentenceEncoder sentences(Tenant tenant) {
        try {
            return dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh();
        } catch (RuntimeException e) {
            LOG.error("租户 {} 的句向量模型无法加载，问题匹配只用字面相似：{}", tenant.slug(), e.getMessage());
            return null;
        }
    }

    /** A live model that cannot be loaded (e.g. its files fail their checksum) leaves the generic or built-in one serving. */
    private void liveModel(Tenant tenant, ScenarioEngine engine, String scenario) {
        try {
            models.intents(tenant, scenario).ifPresent(c -> engine.useIntents(scenario, c));
        } catch (RuntimeException e) {
            LOG.error("租户 {} 场景 {} 的线上意图模型无法加载，改用通用模型：{}", tenant.slug(), scenario, e.getMessage());
        }
        try {
            models.entities(tenant, scenario).ifPresent(r -> engine.useEntities(scenario, r));
        } catch (RuntimeException e) {
            LOG.error("租户 {} 场景 {} 的线上槽位识别模型无法加载，改用内置模型：{}", tenant.slug(), scenario, e.getMessage());
        }
    }

    /** New sessions of the scenario use {@code classifier} (null: the generic model); running ones keep theirs. */
    public void useIntents(Tenant tenant, String scenario, IntentClassifier classifier) {
        of(tenant).engine().useIntents(scenario, classifier);
    }

    /** New sessions of the scenario use {@code recognizer} for slot entities (null: none); running ones keep theirs. */
    public void useEntities(Tenant tenant, String scenario, dev.zhiyu.nlp.EntityRecognizer recognizer) {
        of(tenant).engine().useEntities(scenario, recognizer);
    }

    /** Caller turns of the scenario's most recent {@code sessions} sessions, for the annotation queue. */
    public List<ReviewTurn> reviewTurns(Tenant tenant, String scenario, int sessions) {
        return of(tenant).store().callerTurns(scenario, sessions);
    }

    /** Around a stored caller turn: its stage, N-best, slot beliefs and the bot line before it. */
    public Optional<TurnContext> turnContext(Tenant tenant, String sessionId, int turnIndex) {
        return of(tenant).store().turnContext(sessionId, turnIndex);
    }

    /** The scenario's own intents (its YAML's), in the order it lists them; empty for an unknown scenario. */
    public List<String> scenarioIntents(Tenant tenant, String scenario) {
        var s = of(tenant).engine().scenarios().get(scenario);
        return s == null ? List.of() : s.intents().stream().map(dev.zhiyu.dialog.Scenario.ExampleIntent::id).toList();
    }

    /** One stored caller turn, if the session is this tenant's and has that turn. */
    public Optional<ReviewTurn> callerTurn(Tenant tenant, String sessionId, int turnIndex) {
        return of(tenant).store().callerTurn(sessionId, turnIndex);
    }

    private static TurnListener listener(Tenant tenant, DialogStore store) {
        return new TurnListener() {
            @Override
            public void turn(TurnRecord turn) {
                store.turn(turn);
            }

            @Override
            public void ended(String t, String sessionId, Outcome outcome) {
                store.ended(sessionId, outcome);
            }
        };
    }

    public Set<String> scenarios(Tenant tenant) {
        return of(tenant).engine().scenarioIds();
    }

    /** The tenant's scenarios as its engine runs them. */
    public java.util.Collection<Scenario> scenarioDefinitions(Tenant tenant) {
        return of(tenant).engine().scenarios().values();
    }

    /** The tenant's scenarios, each with the variables its calls bring from a call list's columns. */
    public Map<String, List<Scenario.Variable>> scenarioVariables(Tenant tenant) {
        return variables(of(tenant).engine().scenarios().values());
    }

    /**
     * The same without the tenant's dialog engine (the CLI has none): the shipped scenario and the latest stored version
     * of each of the tenant's, only parsed. A version that does not parse is skipped, as the engine skips it.
     */
    public static Map<String, List<Scenario.Variable>> storedScenarioVariables(org.jdbi.v3.core.Jdbi tenantDb) {
        Map<String, Scenario> all = new java.util.HashMap<>();
        Scenario shipped = ScenarioLoader.accountOpeningCallback();
        all.put(shipped.id(), shipped);
        for (DialogStore.StoredScenario s : new DialogStore(tenantDb).latestScenarios()) {
            try {
                Scenario parsed = ScenarioLoader.parse(s.yaml(), s.id() + " v" + s.version());
                all.put(parsed.id(), parsed);
            } catch (ScenarioException e) {
                LOG.error("场景 {} v{} 无法加载：{}", s.id(), s.version(), e.getMessage());
            }
        }
        return variables(all.values());
    }

    private static Map<String, List<Scenario.Variable>> variables(java.util.Collection<Scenario> scenarios) {
        Map<String, List<Scenario.Variable>> out = new java.util.TreeMap<>();
        scenarios.forEach(s -> out.put(s.id(), s.variables()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Validates and installs a scenario version; the running version keeps serving if this one is rejected. */
    public Scenario upload(Tenant tenant, String yaml, String by) {
        TenantDialogs d = of(tenant);
        Scenario s = d.engine().reload(yaml, "upload");
        d.store().saveScenario(s.id(), yaml, by);
        liveModel(tenant, d.engine(), s.id());
        return s;
    }

    public FaqView faq(Tenant tenant) {
        TenantDialogs d = of(tenant);
        List<dev.zhiyu.dialog.FaqAnswers.Entry> own = d.store().latestFaq().map(y -> TenantFaq.parse(y, "FAQ")).orElse(List.of());
        return new FaqView(own, dev.zhiyu.dialog.FaqAnswers.shippedCount());
    }

    /** Validates and stores the tenant's FAQ (YAML or JSON), then answers new questions from it at once. */
    public FaqView uploadFaq(Tenant tenant, String text, String by) {
        TenantDialogs d = of(tenant);
        if (d.faq() == null) {
            throw Failure.unavailable("本服务器没有启用通话 FAQ", null);
        }
        List<dev.zhiyu.dialog.FaqAnswers.Entry> own;
        try {
            own = TenantFaq.parse(text, "上传的 FAQ");
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("faq", e.getMessage());
        }
        if (own.size() > MAX_FAQ_ENTRIES) {
            throw Failure.invalid("faq", "FAQ 最多 " + MAX_FAQ_ENTRIES + " 条，上传了 " + own.size() + " 条");
        }
        try {
            d.faq().use(own);
        } catch (IllegalStateException e) {
            throw Failure.unavailable(e.getMessage(), e);
        }
        d.store().saveFaq(text, by);
        return new FaqView(own, dev.zhiyu.dialog.FaqAnswers.shippedCount());
    }

    public DialogViews.Reply start(Tenant tenant, String scenario, String channel, Map<String, String> variables) {
        TenantDialogs d = of(tenant);
        if (d.live().size() >= MAX_LIVE_SESSIONS) {
            throw Failure.unavailable("本租户进行中的会话已达上限 " + MAX_LIVE_SESSIONS + "，请先结束一些会话", null);
        }
        if (scenario == null || !d.engine().scenarioIds().contains(scenario)) {
            throw Failure.invalid("scenario", "没有场景 " + scenario + "；可用的有 " + d.engine().scenarioIds());
        }
        String id = UUID.randomUUID().toString();
        DialogSession session;
        try {
            session = d.engine().open(new SessionRequest(tenant.slug(), scenario, id, channel, variables));
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("variables", e.getMessage());
        }
        d.store().sessionStarted(id, scenario, channel, variables);
        d.live().put(id, session);
        return DialogViews.Reply.of(id, session.start());
    }

    public DialogViews.Reply hear(Tenant tenant, String sessionId, UserInput input) {
        return reply(tenant, sessionId, s -> s.hear(input));
    }

    public DialogViews.Reply silence(Tenant tenant, String sessionId) {
        return reply(tenant, sessionId, DialogSession::silence);
    }

    private DialogViews.Reply reply(Tenant tenant, String sessionId, java.util.function.Function<DialogSession, BotTurn> f) {
        TenantDialogs d = of(tenant);
        DialogSession s = live(d, sessionId);
        BotTurn t = f.apply(s);
        DialogViews.Reply reply = DialogViews.Reply.of(sessionId, t);
        if (reply.ended()) {
            d.live().remove(sessionId);
        }
        return reply;
    }

    public DialogViews.Ended end(Tenant tenant, String sessionId) {
        TenantDialogs d = of(tenant);
        DialogSession s = live(d, sessionId);
        d.live().remove(sessionId);
        return DialogViews.Ended.of(sessionId, s.end(DialogSession.EndReason.CHANNEL_CLOSED));
    }

    public List<TranscriptTurn> transcript(Tenant tenant, String sessionId) {
        DialogStore store = of(tenant).store();
        if (!store.sessionExists(sessionId)) {
            throw Failure.notFound("没有会话 " + sessionId);
        }
        return store.transcript(sessionId);
    }

    private static DialogSession live(TenantDialogs d, String sessionId) {
        DialogSession s = d.live().get(sessionId);
        if (s == null) {
            throw d.store().sessionExists(sessionId)
                    ? Failure.conflict("sessionId", "会话 " + sessionId + " 已结束")
                    : Failure.notFound("没有会话 " + sessionId);
        }
        return s;
    }
}
