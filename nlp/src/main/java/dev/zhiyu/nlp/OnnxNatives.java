package dev.zhiyu.nlp;

import ai.onnxruntime.OrtEnvironment;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Gives ONNX Runtime its native libraries from one reused folder in the {@link ModelCache}. Left alone, ONNX Runtime
 * copies them into a new {@code onnxruntime-java*} folder in the temp directory at every start and never removes it:
 * it registers the folder for deletion on exit after the files in it, so the JVM tries the folder first, while it is
 * still full. With {@code onnxruntime.native.path} set, that folder stays empty and is deleted on exit.
 */
final class OnnxNatives {
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};
    /** 4 MB was enough where 1 MB crashed; 64 MB leaves room on machines with deeper topologies (reserved, not committed). */
    static final long START_STACK_BYTES = 64L << 20;
    private static boolean started;

    private OnnxNatives() {
    }

    /** Must run before anything creates an {@code OrtEnvironment}; keeps a path the user set. */
    static synchronized void useSharedCopy() throws IOException {
        if (System.getProperty(PROPERTY) != null) return;
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        String platform = platform();
        if (version == null || platform == null) return; // ONNX Runtime's own extraction still works
        Path dir = ModelCache.root().resolve("onnxruntime-" + version + "-" + platform);
        for (String library : LIBRARIES) {
            URL url = OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + System.mapLibraryName(library));
            if (url == null) return;
            ModelCache.copy(url, dir.resolve(System.mapLibraryName(library)));
        }
        System.setProperty(PROPERTY, dir.toString());
    }

    /**
     * Starts DJL's ONNX Runtime engine, which creates ONNX Runtime's environment (once per JVM; every later user gets it), on a platform
     * thread with a deep stack. Its native start-up recurses deeply on some machines (on this project's 2-core
     * Firecracker VM, kernel 6.18, it needs more than 1 MB): on a default 1 MB thread — a request thread, a
     * virtual thread's carrier, JUnit's main thread — the JVM dies with SIGSEGV and writes no crash report.
     */
    static synchronized void startEnvironment() {
        if (started) return;
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                ai.djl.engine.Engine.getEngine("OnnxRuntime"); // DJL creates the environment with its options
            } catch (RuntimeException | LinkageError e) {
                failure[0] = e;
            }
        }, "zhiyu-onnx-start", START_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ONNX Runtime 启动被中断", e);
        }
        if (failure[0] != null) throw new IllegalStateException("ONNX Runtime 无法启动：" + failure[0].getMessage(), failure[0]);
        started = true;
    }

    /** The folder name ONNX Runtime's jar uses for this machine, e.g. {@code linux-x64}; null if it has none. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
