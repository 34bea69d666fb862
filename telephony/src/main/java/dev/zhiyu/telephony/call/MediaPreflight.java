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
 * FreeSWITCH answers {@code true} or {@code false}) and whether they work (a test utterance on a loopback channel).
 * Only a definite {@code false} or a failed utterance is a problem; a node that is down, or whose utterance gives no
 * clear answer, is not judged but reported as unverified, with why. Answers are kept for {@code ttl}; {@link #forget}
 * after a reconnect (the node may have been restarted with other modules).
 */
public final class MediaPreflight {

    /** A node without an engine's module: {@code message} names the node, the engine, the module and the setting. */
    public record Problem(String node, String engine, String setting, String message) {
    }

    /**
     * A node whose media path could not be verified: the test utterance gave no verdict ({@code why}); only its modules
     * were checked. {@code message} says so in Chinese, naming the node.
     */
    public record Unverified(String node, String why, String message) {
        static Unverified of(String node, String why) {
            return new Unverified(node, why, "FreeSWITCH 节点 " + node + " 的媒体通路未能验证：" + why
                    + "。只检查了语音引擎模块已加载，未能确认合成与识别真的可用；接通的客户可能听不到机器人或无法被识别："
                    + "请确认该节点已加载 mod_loopback 且语音引擎服务正常");
        }
    }

    /** What the nodes answered: {@code problems} refuse a start; {@code unverified} nodes are to be warned about. */
    public record Verdict(List<Problem> problems, List<Unverified> unverified) {
    }

    private record Answer(Instant at, Optional<Problem> problem) {
    }

    private record Utterance(Instant at, UtteranceCheck.Verdict verdict) {
    }

    private final MediaEngines engines;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Utterance> utterances = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public MediaPreflight(MediaEngines engines, Clock clock, Duration ttl) {
        this.engines = engines;
        this.clock = clock;
        this.ttl = ttl;
    }

    public MediaEngines engines() {
        return engines;
    }

    /** The problems of the nodes among {@code nodes}, as {@link #verify} finds them. */
    public List<Problem> problems(List<CallControl> nodes) {
        return verify(nodes).problems();
    }

    /**
     * Asks each of {@code nodes} (before a task starts, and on each node's connect): the modules, then (when they are
     * not known missing) a test utterance synthesised and recognised on a loopback channel ({@link UtteranceCheck}).
     * A node that is down, or whose utterance gives no verdict, is unverified.
     */
    public Verdict verify(List<CallControl> nodes) {
        List<Problem> problems = new ArrayList<>();
        List<Unverified> unverified = new ArrayList<>();
        for (CallControl n : nodes) {
            Optional<Problem> p = check(n);
            if (p.isPresent()) {
                problems.add(p.get());
                continue;
            }
            UtteranceCheck.Verdict v = utterance(n);
            if (v.problem() != null) {
                problems.add(v.problem());
            } else if (v.unverified() != null) {
                unverified.add(Unverified.of(n.node().name(), v.unverified()));
            }
        }
        return new Verdict(problems, unverified);
    }

    /**
     * The node's test utterance, as last answered within {@code ttl} (a verdict or why there is none); a node that is
     * down is not asked. One at a time per node: a caller arriving while one runs waits for its answer instead of
     * placing another leg.
     */
    private UtteranceCheck.Verdict utterance(CallControl node) {
        ReentrantLock lock = running.computeIfAbsent(node.node().name(), n -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UtteranceCheck.Verdict.unverified("检查被中断");
        }
        try {
            Utterance a = utterances.get(node.node().name());
            if (a != null && a.at().plus(ttl).isAfter(clock.instant())) {
                return a.verdict();
            }
            if (!node.connected()) {
                // its cause is alerted on its own; it is asked again when it connects
                return UtteranceCheck.Verdict.unverified("节点未连接，连上后会再检查");
            }
            UtteranceCheck.Verdict v = UtteranceCheck.run(node, engines);
            utterances.put(node.node().name(), new Utterance(clock.instant(), v));
            return v;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UtteranceCheck.Verdict.unverified("检查被中断");
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
