package dev.zhiyu.dialog;

import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.SentenceEncoder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The dialog engine of one tenant: its scenarios, hot-reloadable. A reload builds the new scenario completely
 * (validation, NLU) before swapping it in; sessions already running keep the scenario and models they began with.
 */
public final class ScenarioEngine implements DialogEngine {
    private static final System.Logger LOG = System.getLogger(ScenarioEngine.class.getName());

    private record Loaded(Scenario scenario, ScenarioNlu nlu, Map<String, Scenario.Transition> handlers) {
    }

    private final String tenant;
    private final IntentClassifier genericIntents;
    private final Clock clock;
    private final TurnListener listener;
    private final boolean oneBest;
    private volatile java.net.http.HttpClient http = FunctionCaller.DEFAULT;
    private volatile KnowledgeAnswers knowledge = KnowledgeAnswers.NONE;
    /** Reads the meaning of problem descriptions; null: character n-grams alone. */
    private SentenceEncoder sentences;
    private final ConcurrentMap<String, Loaded> scenarios = new ConcurrentHashMap<>();
    private final Map<String, IntentClassifier> intentModels = new ConcurrentHashMap<>();
    private final Map<String, EntityRecognizer> entityModels = new ConcurrentHashMap<>();
    /** Belief-map key prefix under which a turn record lists the slot values the session's recogniser found. */
    public static final String SLOT_ENTITIES = "ner:";

    /**
     * @param genericIntents the classifier of the generic outbound intents (e.g. {@code IntentCascade.builtinGeneric()})
     * @param oneBest        track only the best hypothesis (the baseline) instead of the N-best belief
     */
    public ScenarioEngine(String tenant, IntentClassifier genericIntents, Clock clock, TurnListener listener,
                          boolean oneBest) {
        this.tenant = tenant;
        this.genericIntents = genericIntents;
        this.clock = clock;
        this.listener = listener;
        this.oneBest = oneBest;
    }

    /**
     * The client scenario functions call their URLs with (new sessions use it); a server passes one that refuses
     * internal addresses. By default a plain client that follows no redirects.
     */
    public void useHttp(java.net.http.HttpClient client) {
        this.http = client == null ? FunctionCaller.DEFAULT : client;
    }

    /** Answers to off-script questions for new sessions (e.g. {@link FaqAnswers}); none by default. */
    public void useKnowledge(KnowledgeAnswers answers) {
        this.knowledge = answers == null ? KnowledgeAnswers.NONE : answers;
    }

    /**
     * The sentence encoder the scenarios' problem matching reads meaning with (e.g. {@link SentenceEncoder#bgeSmallZh()},
     * the one the default intent model and the FAQ use, so a turn is encoded once for all three); null: character
     * n-grams alone. The loaded scenarios are rebuilt for new sessions (their examples encoded once each); running
     * sessions keep the matcher they started with.
     */
    public synchronized void useSentences(SentenceEncoder encoder) {
        this.sentences = encoder;
        scenarios.replaceAll((id, l) -> loaded(l.scenario()));
    }

    /** Adds or replaces a scenario; on any error the previous version keeps serving and the error is thrown. */
    public synchronized void install(Scenario scenario) {
        scenarios.put(scenario.id(), loaded(scenario));
    }

    /**
     * Serves the scenario's new sessions with its own intent classifier ({@code null}: the generic one again). The
     * swap is one map write; sessions already running keep the NLU, and so the model, they started with.
     */
    public synchronized void useIntents(String scenarioId, IntentClassifier classifier) {
        if (classifier == null) {
            intentModels.remove(scenarioId);
        } else {
            intentModels.put(scenarioId, classifier);
        }
        Loaded current = scenarios.get(scenarioId);
        if (current != null) {
            scenarios.put(scenarioId, loaded(current.scenario()));
        }
    }

    /**
     * Serves the scenario's new sessions with its own slot entity recogniser ({@code null}: the default again), like
     * {@link #useIntents}: sessions already running keep the recogniser they started with. The recogniser fills the
     * scenario's {@code entity} slots, and what it finds in the best hypothesis of a turn is recorded with the turn
     * (belief keys {@code ner:<type>}). By default a scenario with {@code entity} slots uses the shipped
     * bank/branch/product recogniser ({@link CrfSlotRecognizer#builtin()}), one without them none.
     */
    public synchronized void useEntities(String scenarioId, EntityRecognizer recognizer) {
        if (recognizer == null) {
            entityModels.remove(scenarioId);
        } else {
            entityModels.put(scenarioId, recognizer);
        }
        Loaded current = scenarios.get(scenarioId);
        if (current != null) {
            scenarios.put(scenarioId, loaded(current.scenario()));
        }
    }

    private Loaded loaded(Scenario scenario) {
        Map<String, Scenario.Transition> handlers = GlobalHandlers.forScenario(scenario);
        IntentClassifier intents = intentModels.getOrDefault(scenario.id(), genericIntents);
        scenario = withModelThresholds(scenario, intents);
        EntityRecognizer slotEntities = entityModels.get(scenario.id());
        if (slotEntities == null && scenario.slots().stream().anyMatch(s -> s.type().equals(Scenario.Slot.ENTITY))) {
            slotEntities = CrfSlotRecognizer.builtin();
        }
        return new Loaded(scenario, new ScenarioNlu(scenario, intents, clock, slotEntities, sentences), handlers);
    }

    /**
     * The thresholds the scenario's sessions use: its own where its YAML sets them, else the intent model's stored
     * calibration, else the built-in defaults. Logged, so an operator can see which applied.
     */
    static Scenario withModelThresholds(Scenario scenario, IntentClassifier intents) {
        Scenario.Thresholds own = scenario.thresholds();
        String source = "内置默认值";
        Scenario.Thresholds t = own;
        if (intents.calibration().isPresent() && !own.explicit().containsAll(Scenario.Thresholds.KEYS)) {
            var c = intents.calibration().get();
            t = own.calibratedBy(c);
            source = t == own ? "内置默认值；模型校准阈值不满足 0 < confirm < accept ≤ 1，未采用" : "意图模型校准（" + c.data() + "，"
                    + c.examples() + " 条）";
        }
        LOG.log(System.Logger.Level.INFO, "场景 " + scenario.id() + " 的阈值：" + t.describe(source));
        return t == own ? scenario : scenario.withThresholds(t);
    }

    /** The listener a session reports to: its turns also carry what its own slot recogniser found. */
    private TurnListener recording(ScenarioNlu nlu) {
        return new TurnListener() {
            @Override
            public void turn(TurnRecord t) {
                Map<String, List<String>> found = t.heard().isEmpty() ? Map.of() : nlu.slotValues(t.heard().get(0).text());
                if (found.isEmpty()) {
                    listener.turn(t);
                    return;
                }
                Map<String, Map<String, Double>> belief = new LinkedHashMap<>(t.belief());
                found.forEach((type, values) -> {
                    Map<String, Double> v = new LinkedHashMap<>();
                    values.forEach(x -> v.put(x, 1.0));
                    belief.put(SLOT_ENTITIES + type, v);
                });
                listener.turn(new TurnRecord(t.tenant(), t.scenario(), t.sessionId(), t.index(), t.stage(), t.heard(),
                        t.dtmf(), t.intents(), belief, t.action(), t.prompt(), t.actions(), t.micros()));
            }

            @Override
            public void ended(String tenant, String sessionId, Outcome outcome) {
                listener.ended(tenant, sessionId, outcome);
            }
        };
    }

    /** Parses and installs YAML text: a reload. */
    public Scenario reload(String yaml, String source) {
        Scenario s = ScenarioLoader.parse(yaml, source);
        install(s);
        return s;
    }

    public Set<String> scenarioIds() {
        return Set.copyOf(scenarios.keySet());
    }

    /** The scenarios serving new sessions now, by id. */
    public Map<String, Scenario> scenarios() {
        Map<String, Scenario> out = new java.util.HashMap<>();
        scenarios.forEach((id, l) -> out.put(id, l.scenario()));
        return Map.copyOf(out);
    }

    @Override
    public DialogSession open(SessionRequest request) {
        if (!tenant.equals(request.tenant())) {
            throw new IllegalArgumentException("会话的租户 " + request.tenant() + " 不属于这个引擎");
        }
        Loaded l = scenarios.get(request.scenario());
        if (l == null) {
            throw new IllegalArgumentException("没有场景 " + request.scenario() + "；可用的有 " + scenarios.keySet());
        }
        return new ScenarioSession(request, l.scenario(), l.nlu(), oneBest, l.handlers(),
                l.nlu().hasSlotEntities() ? recording(l.nlu()) : listener, http, knowledge);
    }
}
