package dev.zhiyu.models;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The lifecycle's ports in memory, for tests of the module alone. */
final class InMemoryStores implements RegistryStore, AnnotationStore, JobStore {
    private final Map<String, ModelVersion> versions = new ConcurrentHashMap<>();
    private final List<LiveChange> changes = new CopyOnWriteArrayList<>();
    private final List<Correction> corrections = new CopyOnWriteArrayList<>();
    private final Map<String, DatasetSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, List<Example>> examples = new ConcurrentHashMap<>();
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public void add(ModelVersion v) {
        versions.put(v.id(), v);
    }

    @Override
    public Optional<ModelVersion> find(String id) {
        return Optional.ofNullable(versions.get(id));
    }

    @Override
    public List<ModelVersion> list(String purpose) {
        return versions.values().stream().filter(v -> purpose == null || v.purpose().equals(purpose))
                .sorted(Comparator.comparing(ModelVersion::createdAt).reversed()).toList();
    }

    @Override
    public Optional<ModelVersion> live(String purpose) {
        return versions.values().stream().filter(v -> v.purpose().equals(purpose) && v.status() == ModelStatus.LIVE)
                .findFirst();
    }

    @Override
    public synchronized void makeLive(String purpose, String expectedLive, String id, String by, String reason) {
        String current = live(purpose).map(ModelVersion::id).orElse(null);
        if (!java.util.Objects.equals(current, expectedLive)) {
            throw new IllegalStateException("并发上线冲突");
        }
        if (current != null) {
            versions.put(current, versions.get(current).withStatus(ModelStatus.RETIRED));
        }
        versions.put(id, versions.get(id).withStatus(ModelStatus.LIVE));
        changes.add(0, new LiveChange(purpose, current, id, java.time.Instant.now(), by, reason));
    }

    @Override
    public List<LiveChange> history(String purpose) {
        return changes.stream().filter(c -> c.purpose().equals(purpose)).toList();
    }

    @Override
    public long lastChange() {
        return changes.size();
    }

    @Override
    public Correction add(Correction c) {
        Correction stored = new Correction(ids.incrementAndGet(), c.purpose(), c.sessionId(), c.turnIndex(), c.text(),
                c.intent(), c.slots(), c.annotator(), c.adjudicated(), c.createdAt());
        corrections.add(stored);
        return stored;
    }

    @Override
    public boolean withdraw(long id, String annotator) {
        return corrections.removeIf(c -> c.id() == id && c.annotator().equals(annotator));
    }

    @Override
    public List<Correction> corrections(String purpose) {
        return corrections.stream().filter(c -> c.purpose().equals(purpose)).toList();
    }

    @Override
    public void saveSnapshot(DatasetSnapshot s, List<Example> ex) {
        snapshots.put(s.id(), s);
        examples.put(s.id(), List.copyOf(ex));
    }

    @Override
    public Optional<DatasetSnapshot> snapshot(String id) {
        return Optional.ofNullable(snapshots.get(id));
    }

    @Override
    public List<DatasetSnapshot> snapshots(String purpose) {
        return snapshots.values().stream().filter(s -> s.purpose().equals(purpose))
                .sorted(Comparator.comparingInt(DatasetSnapshot::version).reversed()).toList();
    }

    @Override
    public List<Example> examples(String snapshotId) {
        return examples.getOrDefault(snapshotId, List.of());
    }

    @Override
    public void save(TrainingJob job) {
        jobs.put(job.id(), job);
    }

    @Override
    public Optional<TrainingJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public List<TrainingJob> all() {
        return new ArrayList<>(jobs.values()).stream().sorted(Comparator.comparing(TrainingJob::createdAt).reversed()).toList();
    }
}
