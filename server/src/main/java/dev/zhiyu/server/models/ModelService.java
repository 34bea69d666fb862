package dev.zhiyu.server.models;

import dev.zhiyu.models.AnnotationQueue;
import dev.zhiyu.models.Correction;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.models.IntentPromotionRule;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.models.ReviewItem;
import dev.zhiyu.models.ReviewTurn;
import dev.zhiyu.models.TrainingRunner;
import dev.zhiyu.models.UnknownIdException;
import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.reports.explain.ReasonsMatcherKind;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.ScenarioModels;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's model lifecycle over its own database and its own artifact folder
 * ({@code <data>/tenants/<slug>/models}); one training runner bounds the machine. Besides intent classifiers and
 * slot recognisers, news generators and reasons matchers are kinds in every lifecycle. Promotions swap the scenario's
 * intent model in the tenant's dialog engine for new sessions.
 */
public final class ModelService implements AutoCloseable, ScenarioModels {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);
    static final Pattern INTENT = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Slot names are slot entity types of {@code ner:} training (as in the nlp annotation format). */
    static final Pattern SLOT = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    static final int MAX_SLOT_VALUE = 100;
    static final int QUEUE_SESSIONS = 500;
    /** Trainings at once on this machine, over all tenants: one leaves a core to the calls on a small node. */
    public static final int MACHINE_TRAININGS = 1;
    /** How often a server looks for promotions and rollbacks made by the CLI or another node. */
    public static final Duration LIVE_POLL = Duration.ofSeconds(2);

    private final Platform platform;
    private final Path dataDir;
    private final Supplier<IntentClassifier> generic;
    private final Clock clock;
    private final TrainingRunner runner;
    private final ConcurrentMap<Long, ModelLifecycle> tenants = new ConcurrentHashMap<>();
    private volatile DialogService dialogs;
    private volatile ScheduledExecutorService poller;

    public ModelService(Platform platform, Path dataDir, int maxConcurrentTraining, Supplier<IntentClassifier> generic,
                        Clock clock) {
        this.platform = platform;
        this.dataDir = dataDir;
        this.generic = generic;
        this.clock = clock;
        this.runner = new TrainingRunner(maxConcurrentTraining);
    }

    /**
     * Wires promotions to the dialog engines and, as the server starts, re-queues every active tenant's jobs a restart
     * cut off (a CLI process does not: it would take over jobs the running server owns).
     */
    public ModelService connect(DialogService d) {
        this.dialogs = d;
        for (Tenant t : platform.tenants().list()) {
            if (t.status() == TenantStatus.ACTIVE) {
                int resumed = of(t).resume().size();
                if (resumed > 0) {
                    LOG.info("租户 {}：{} 个被重启打断的训练任务已重新排队", t.slug(), resumed);
                }
            }
        }
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("model-live-poll").factory());
        poller.scheduleWithFixedDelay(this::syncLive, LIVE_POLL.toMillis(), LIVE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Every loaded tenant catches up with live changes made elsewhere; one tenant's failure does not stop the rest. */
    void syncLive() {
        tenants.forEach((id, lifecycle) -> {
            try {
                ModelLifecycle.LiveSync s = lifecycle.syncLive();
                if (!s.swapped().isEmpty()) {
                    LOG.info("租户 {}：线上模型已在别处变更，新会话改用新模型：{}", lifecycle.tenant(), s.swapped());
                }
                s.refused().forEach((version, why) -> LOG.error("租户 {}：模型 {} 已在别处上线，但本机拒绝加载，继续使用原模型：{}",
                        lifecycle.tenant(), version, why));
            } catch (RuntimeException e) {
                LOG.warn("租户 {}：检查线上模型变更失败：{}", lifecycle.tenant(), e.getMessage());
            }
        });
    }

    public ModelLifecycle of(Tenant tenant) {
        return tenants.computeIfAbsent(tenant.id(), id -> open(tenant));
    }

    private ModelLifecycle open(Tenant tenant) {
        Jdbi jdbi = platform.stores().jdbi(tenant);
        JdbiRegistryStore registry = new JdbiRegistryStore(jdbi);
        ModelLifecycle l = new ModelLifecycle(tenant.slug(), registry, new JdbiAnnotationStore(jdbi),
                new JdbiJobStore(jdbi), artifactRoot(tenant), runner, clock, generic, IntentPromotionRule.defaults())
                .plug(NewsGeneratorKind.INSTANCE).plug(ReasonsMatcherKind.INSTANCE);
        l.onLiveChanged((purpose, classifier) -> {
            DialogService d = dialogs;
            if (d != null) {
                d.useIntents(tenant, ModelVersion.scenarioOf(purpose), classifier);
            }
        });
        l.onLiveEntitiesChanged((purpose, recognizer) -> {
            DialogService d = dialogs;
            if (d != null) {
                d.useEntities(tenant, ModelVersion.scenarioOf(purpose), recognizer);
            }
        });
        return l;
    }

    Path artifactRoot(Tenant tenant) {
        return dataDir.resolve("tenants").resolve(tenant.slug()).resolve("models");
    }

    /** The live intent model of a scenario (the dialog engine asks when it loads a tenant). */
    @Override
    public Optional<IntentClassifier> intents(Tenant tenant, String scenario) {
        return of(tenant).live(Purposes.intent(scenario));
    }

    /** The live slot entity recogniser of a scenario ({@code ner:<scenario>}), if one was promoted. */
    @Override
    public Optional<EntityRecognizer> entities(Tenant tenant, String scenario) {
        return of(tenant).liveEntities(Purposes.ner(scenario));
    }

    /**
     * The queue as {@code annotator} sees it: a turn stays queued for others until the tenant's annotators per turn
     * have labelled it (so that two people judge the same turn), leaves the queue of whoever labelled it, and leaves
     * everyone's once adjudicated.
     */
    public List<ReviewItem> queue(Tenant tenant, String scenario, String annotator, int limit) {
        int needed = annotationSettings(tenant).annotatorsPerTurn();
        Map<String, Set<String>> labelledBy = new java.util.HashMap<>();
        Set<String> done = new HashSet<>();
        for (Correction c : of(tenant).annotations().corrections(Purposes.intent(scenario))) {
            String key = c.sessionId() + "#" + c.turnIndex();
            Set<String> who = labelledBy.computeIfAbsent(key, k -> new HashSet<>());
            who.add(c.annotator());
            if (c.adjudicated() || who.size() >= needed || c.annotator().equals(annotator)) {
                done.add(key);
            }
        }
        return AnnotationQueue.select(dialogs.reviewTurns(tenant, scenario, QUEUE_SESSIONS), done, limit);
    }

    public AnnotationSettings annotationSettings(Tenant tenant) {
        return AnnotationSettings.read(platform.stores().jdbi(tenant));
    }

    public AnnotationSettings saveAnnotationSettings(Tenant tenant, AnnotationSettings settings, String by) {
        settings.save(platform.stores().jdbi(tenant), clock.instant(), by);
        return settings;
    }

    /** Records a correction of a stored caller turn; the text and scenario come from the stored turn. */
    public Correction annotate(Tenant tenant, String sessionId, int turnIndex, String intent, Map<String, String> slots,
                               String annotator, boolean adjudicated) {
        if (intent == null || !INTENT.matcher(intent).matches()) {
            throw dev.zhiyu.server.platform.Failure.invalid("intent", "意图名「" + intent + "」不合法，应为小写字母开头的 [a-z0-9_]");
        }
        if (slots != null) {
            slots.forEach((name, value) -> {
                if (name == null || !SLOT.matcher(name).matches()) {
                    throw dev.zhiyu.server.platform.Failure.invalid("slots", "槽位名「" + name + "」不合法，应为小写字母开头的 [a-z0-9_]，最长 32 个字符");
                }
                if (value == null || value.isBlank() || value.length() > MAX_SLOT_VALUE) {
                    throw dev.zhiyu.server.platform.Failure.invalid("slots", "槽位 " + name + " 的值应为 1–" + MAX_SLOT_VALUE + " 个字符的话语原文片段");
                }
            });
        }
        ReviewTurn turn = dialogs.callerTurn(tenant, sessionId, turnIndex)
                .orElseThrow(() -> new UnknownIdException("没有会话 " + sessionId + " 的第 " + turnIndex + " 轮来电话语"));
        return of(tenant).annotations().add(new Correction(0, Purposes.intent(turn.scenario()), sessionId, turnIndex,
                turn.text(), intent, slots == null ? Map.of() : slots, annotator, adjudicated, clock.instant()));
    }

    @Override
    public void close() {
        ScheduledExecutorService p = poller;
        if (p != null) {
            p.shutdownNow();
        }
        runner.close();
    }
}
