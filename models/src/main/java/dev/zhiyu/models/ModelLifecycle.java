package dev.zhiyu.models;

import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.nlp.IntentClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One tenant's model lifecycle: datasets from corrections, training jobs, the registry, promotion and rollback, and
 * comparison. Everything it reads or writes goes through this tenant's stores and artifact root. What differs per
 * kind of model (loading, training, evaluation, promotion rules) is the kind's ({@link ModelKind}); intent
 * classifiers and slot recognisers are plugged in from the start, other kinds with {@link #plug}.
 */
public final class ModelLifecycle {
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
    /** Accuracy on the snapshot's held-out corrections alone: what the annotators' work bought. */
    public static final String HELD_OUT_ACCURACY = "heldOutCorrections.accuracy";
    /** Span F1 on the snapshot's held-out slot corrections alone ({@code ner:} versions). */
    public static final String HELD_OUT_F1 = "heldOutCorrections.f1";

    /** Told after a promotion or rollback became durable, with the classifier new sessions must use. */
    public interface LiveListener {
        void liveChanged(String purpose, IntentClassifier classifier);
    }

    /** Told after a {@code ner:} promotion or rollback became durable, with the recogniser new sessions must use. */
    public interface EntityListener {
        void liveChanged(String purpose, EntityRecognizer recognizer);
    }

    /** {@code snapshotId} null: freeze the current corrections into a new snapshot first. */
    public record TrainRequest(String purpose, String snapshotId, Map<String, String> hyperParameters,
                               boolean autoPromote, Duration timeLimit) {
        public TrainRequest {
            hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
            timeLimit = timeLimit == null ? DEFAULT_TIME_LIMIT : timeLimit;
        }
    }

    /** What {@link #syncLive()} did: purposes swapped to their new live version, and versions refused (why). */
    public record LiveSync(List<String> swapped, Map<String, String> refused) {
    }

    private final String tenant;
    private final RegistryStore registry;
    private final AnnotationStore annotations;
    private final ArtifactStore artifacts;
    private final IntentKind intents;
    private final NerKind entities = new NerKind();
    private final LiveModels models;
    private final Trainings trainings;

    /**
     * @param fallback what serves an intent purpose while nothing is live (the shipped generic classifier)
     * @param rule     when a job asked to promote its intent candidate does so
     */
    public ModelLifecycle(String tenant, RegistryStore registry, AnnotationStore annotations, JobStore jobs,
                          Path artifactRoot, TrainingRunner runner, Clock clock, Supplier<IntentClassifier> fallback,
                          PromotionRule rule) {
        this.tenant = tenant;
        this.registry = registry;
        this.annotations = annotations;
        this.artifacts = new ArtifactStore(artifactRoot);
        this.intents = new IntentKind(fallback, rule);
        this.models = new LiveModels(registry, artifacts, clock);
        models.plug(intents);
        models.plug(entities);
        this.trainings = new Trainings(tenant, annotations, jobs, artifacts, runner, clock, models);
    }

    /** Adds a kind of model (its purposes must be no other plugged kind's); call before the lifecycle is shared. */
    public ModelLifecycle plug(ModelKind<?> kind) {
        models.plug(kind);
        return this;
    }

    /** The purpose itself when a plugged kind owns it; otherwise a Chinese error naming what is accepted. */
    public String checkPurpose(String purpose) {
        models.slot(purpose);
        return purpose;
    }

    public void onLiveChanged(LiveListener l) {
        intents.listen(l);
    }

    public void onLiveEntitiesChanged(EntityListener l) {
        entities.listen(l);
    }

    /** The tenant's slug. */
    public String tenant() {
        return tenant;
    }

    public Datasets datasets() {
        return trainings.datasets();
    }

    public RegistryStore registry() {
        return registry;
    }

    public AnnotationStore annotations() {
        return annotations;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    // ---- training -------------------------------------------------------------------------------------------

    public TrainingJob train(TrainRequest r, String by) {
        return trainings.train(r, by);
    }

    public TrainingJob job(String id) {
        return trainings.job(id);
    }

    public List<TrainingJob> jobs() {
        return trainings.jobs();
    }

    public TrainingJob cancel(String id) {
        return trainings.cancel(id);
    }

    /** At start-up: jobs a restart cut off (queued or running) are queued again from the start of their work. */
    public List<TrainingJob> resume() {
        return trainings.resume();
    }

    /** Registers a model of a plugged kind trained elsewhere as a candidate (its parent: the version live now). */
    public ModelVersion register(Candidate c, String by) throws IOException {
        return models.register(c, by);
    }

    // ---- registry, promotion, rollback ----------------------------------------------------------------------

    public ModelVersion version(String id) {
        return models.version(id);
    }

    /** A version of the kind; another kind's version is not found. */
    public ModelVersion version(ModelKind<?> kind, String id) {
        return models.version(kind, id);
    }

    /** The version and its ancestors, newest first. */
    public List<ModelVersion> lineage(String id) {
        List<ModelVersion> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String cur = id; cur != null && seen.add(cur); ) {
            ModelVersion v = version(cur);
            out.add(v);
            cur = v.parent();
        }
        return out;
    }

    /** Verifies the artifact's checksum, then the (cached) model of a version of a plugged kind. */
    public <M> M load(ModelKind<M> kind, ModelVersion v) {
        return models.slot(kind).load(v);
    }

    /** Verifies the artifact's checksum, then the (cached) classifier of an {@code intent:} version. */
    public IntentClassifier load(ModelVersion v) {
        return load(intents, v);
    }

    /** Verifies the artifact's checksum, then the (cached) recogniser of a {@code ner:} version. */
    public EntityRecognizer loadEntities(ModelVersion v) {
        return load(entities, v);
    }

    /** The live model of a purpose of a plugged kind, if a version is live. */
    public <M> Optional<M> live(ModelKind<M> kind, String purpose) {
        return models.live(kind, purpose);
    }

    /** The live recogniser of a {@code ner:} purpose, if a version is live. */
    public Optional<EntityRecognizer> liveEntities(String purpose) {
        return live(entities, Purposes.check(purpose));
    }

    /** The live classifier of a purpose, if a version is live. */
    public Optional<IntentClassifier> live(String purpose) {
        return live(intents, purpose);
    }

    /**
     * Catches up with promotions and rollbacks another process made (the CLI, another server node); see
     * {@link LiveModels#syncLive()}.
     */
    public LiveSync syncLive() {
        return models.syncLive();
    }

    /** Makes a version live: its files are verified and loaded first, so a bad artifact leaves the live one serving. */
    public ModelVersion promote(String id, String by) {
        return promote(id, by, false);
    }

    /** {@code force}: also a version its kind's promotion rule finds worse than the live one. */
    public ModelVersion promote(String id, String by, boolean force) {
        return models.promote(id, by, force);
    }

    /** Promotes a version of the kind; another kind's version is not found. */
    public ModelVersion promote(ModelKind<?> kind, String id, String by, boolean force) {
        return promote(version(kind, id).id(), by, force);
    }

    /** Puts back the version that was live before the current one. */
    public ModelVersion rollback(String purpose, String by) {
        return models.rollback(purpose, by);
    }

    // ---- comparison -----------------------------------------------------------------------------------------

    /** Two intent versions on the fixed evaluation set plus the held-out corrections of both their snapshots. */
    public Comparison compare(String idA, String idB) {
        return trainings.compare(intents, idA, idB);
    }

    /**
     * Two {@code ner:} versions on the shipped held-out sentences plus the held-out corrections of both snapshots:
     * per slot type F1 and the sentences one gets exactly right and the other does not.
     */
    public NerComparison compareEntities(String idA, String idB) {
        return trainings.compare(entities, idA, idB);
    }

    /** Two versions of a kind the lifecycle trains, compared as that kind compares them. */
    public Object compareVersions(String idA, String idB) {
        return trainings.compare(idA, idB);
    }
}
