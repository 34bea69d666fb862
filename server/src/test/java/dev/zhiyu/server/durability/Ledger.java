package dev.zhiyu.server.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Every write the server acknowledged (2xx), by kind, and what the harness needs to pick follow-up writes. */
final class Ledger {
    /** One acknowledged write: {@code key} finds it again; {@code secret} is an API key's secret, if any. */
    record Ack(Write kind, String key, String secret) {
    }

    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final Map<Write, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> revokeClaimed = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final long runId = System.currentTimeMillis() % 100_000_000L;

    /** A number unique in this harness run (across restarts of the server). */
    int next() {
        return sequence.incrementAndGet();
    }

    long runId() {
        return runId;
    }

    void attempted(Write kind) {
        attempts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    void acknowledged(Ack ack) {
        acks.add(ack);
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** An acknowledged write of the kind, at random, or empty. */
    Optional<Ack> any(Write kind, Random random) {
        List<Ack> of = acks.stream().filter(a -> a.kind() == kind).toList();
        return of.isEmpty() ? Optional.empty() : Optional.of(of.get(random.nextInt(of.size())));
    }

    /** An acknowledged API key no revocation has been tried on; claimed so no other writer revokes it too. */
    Optional<Ack> keyToRevoke() {
        for (Ack a : acks) {
            if (a.kind() == Write.API_KEY && revokeClaimed.putIfAbsent(a.key(), true) == null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    boolean revocationTried(String keyId) {
        return revokeClaimed.containsKey(keyId);
    }

    /** Per kind: attempted, acknowledged. */
    Map<Write, int[]> counts() {
        Map<Write, int[]> out = new TreeMap<>();
        for (Write w : Write.values()) {
            out.put(w, new int[] {attempts.getOrDefault(w, new AtomicInteger()).get(),
                    (int) acks.stream().filter(a -> a.kind() == w).count()});
        }
        return out;
    }

    static List<String> join(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
