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

    /** The folder name ONNX Runtime's jar uses for this machine, e.g. {@code linux-x64}; null if it has none. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
