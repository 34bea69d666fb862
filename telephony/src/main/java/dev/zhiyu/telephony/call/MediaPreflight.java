package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.MediaEngines;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Asks each node whether the ASR and TTS engines' modules are loaded ({@code api module_exists mod_<engine>}, which
 * FreeSWITCH answers {@code true} or {@code false}) and whether they work (a test utterance on a loopback channel). A node that is down, or that gives no clear answer, is not judged: only a definite
 * {@code false} or a failed utterance is a problem. Answers are kept for {@code ttl}; {@link #forget} after a
 * reconnect (the node may have been restarted with other modules).
 */
public final class MediaPreflight {

    /** A node without an engine's module: {@code message} names the node, the engine, the module and the setting. */
    public record Problem(String node, String engine, String setting, String message) {
    }

    private record Answer(Instant at, Optional<Problem> problem) {
    }

    private final MediaEngines engines;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Answer> utterances = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public MediaPreflight(MediaEngines engines, Clock clock, Duration ttl) {
        this.engines = engines;
        this.clock = clock;
        this.ttl = ttl;
    }

    public MediaEngines engines() {
        return engines;
    }

    /**
     * The problems of the connected nodes among {@code nodes} (before a task starts, and on each node's connect): the
     * modules, then (when they are loaded) a test utterance synthesised and recognised on a loopback channel
     * ({@link UtteranceCheck}).
     */
    public List<Problem> problems(List<CallControl> nodes) {
        List<Problem> out = new ArrayList<>();
        for (CallControl n : nodes) {
            Optional<Problem> p = check(n);
            (p.isPresent() ? p : utterance(n)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The node's test utterance, as last judged within {@code ttl}; not judged (empty) when it gave no clear answer.
     * One at a time per node: a caller arriving while one runs waits for its verdict instead of placing another leg.
     */
    private Optional<Problem> utterance(CallControl node) {
        ReentrantLock lock = running.computeIfAbsent(node.node().name(), n -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Answer a = utterances.get(node.node().name());
            if (a != null && a.at().plus(ttl).isAfter(clock.instant())) {
                return a.problem();
            }
            if (!node.connected()) {
                return Optional.empty();
            }
            Optional<Problem> p = UtteranceCheck.run(node, engines);
            if (p == null) {
                return Optional.empty();
            }
            utterances.put(node.node().name(), new Answer(clock.instant(), p));
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** The node's first missing engine, if it is connected and says so. */
    public Optional<Problem> check(CallControl node) {
        Answer a = answers.get(node.node().name());
        if (a != null && a.at().plus(ttl).isAfter(clock.instant())) {
            return a.problem();
        }
        Optional<Problem> p = ask(node, "ASR", engines.asr(), engines.asrSetting());
        if (p == null) {
            return Optional.empty(); // not known now: asked again next time
        }
        if (p.isEmpty() && !engines.tts().equals(engines.asr())) {
            p = ask(node, "TTS", engines.tts(), engines.ttsSetting());
            if (p == null) {
                return Optional.empty();
            }
        }
        answers.put(node.node().name(), new Answer(clock.instant(), p));
        return p;
    }

    public void forget(CallControl node) {
        answers.remove(node.node().name());
        utterances.remove(node.node().name());
    }

    /** Empty when loaded, the problem when FreeSWITCH says false, null when there is no clear answer. */
    private static Optional<Problem> ask(CallControl node, String role, String engine, String setting) {
        if (!node.connected()) {
            return null;
        }
        String module = "mod_" + (engine.contains(":") ? engine.substring(0, engine.indexOf(':')) : engine);
        String answer;
        try {
            answer = node.api("module_exists " + module).get(5, TimeUnit.SECONDS).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
        if (answer.equals("true")) {
            return Optional.empty();
        }
        if (!answer.equals("false")) {
            return null;
        }
        String name = node.node().name();
        return Optional.of(new Problem(name, engine, setting, "FreeSWITCH 节点 " + name + " 未加载 " + role + " 引擎 "
                + engine + " 的模块 " + module + "（module_exists 返回 false），接通的客户会听不到机器人或无法识别："
                + "请在该节点加载 " + module + "，或把设置 " + setting + " 改为节点已加载的引擎"));
    }
}
