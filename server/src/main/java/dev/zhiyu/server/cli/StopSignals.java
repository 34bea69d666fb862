package dev.zhiyu.server.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Runs the server's ordered stop when the process is asked to stop (SIGTERM, Ctrl+C, SIGHUP), <em>before</em> the
 * JVM's shutdown hooks.
 *
 * <p>Why not a shutdown hook: the embedded H2 databases are opened with {@code AUTO_SERVER=TRUE}, which makes H2 refuse
 * {@code DB_CLOSE_ON_EXIT=FALSE}, so H2 closes every database from a shutdown hook of its own. The JVM runs hooks at
 * the same time, in no order: a stop in a hook wrote the API meter's last counts and the notes of calls left to the
 * switch into databases H2 had already closed ("Database is already closed"). A signal handler runs while no hook
 * has started; the hook stays only for exits that do not come through a signal.
 */
final class StopSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    private final Runnable stop;
    private final AtomicBoolean started = new AtomicBoolean();

    private StopSignals(Runnable stop) {
        this.stop = stop;
    }

    /**
     * Installs the handlers and the fallback hook; {@code stop} runs at most once, on a thread named
     * {@code zhiyu-shutdown}, and {@code stopped} after it.
     */
    static void install(Runnable stop, Runnable stopped) {
        StopSignals signals = new StopSignals(() -> {
            stop.run();
            stopped.run();
        });
        for (String name : SIGNALS) {
            signals.handle(name);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(signals::stopOnce, "zhiyu-shutdown-hook"));
    }

    private void handle(String name) {
        try {
            Signal.handle(new Signal(name), s -> onSignal(s.getName()));
        } catch (IllegalArgumentException e) {
            // not a signal here, or reserved by the JVM (-Xrs): the shutdown hook still stops the server
        }
    }

    private void onSignal(String name) {
        if (started.get()) {
            System.err.println("正在停止（收到 SIG" + name + "）：等待通话记录和计量写完后退出，请稍候。");
            return;
        }
        Thread.ofPlatform().name("zhiyu-shutdown").start(this::stopOnce);
    }

    private void stopOnce() {
        if (started.compareAndSet(false, true)) {
            stop.run();
        }
    }
}
