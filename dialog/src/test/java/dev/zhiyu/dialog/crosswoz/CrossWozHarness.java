package dev.zhiyu.dialog.crosswoz;

import java.nio.file.Path;

/** {@code mvn -B -q -pl dialog test-compile exec:java -Dexec.mainClass=dev.zhiyu.dialog.crosswoz.CrossWozHarness -Dexec.args="../shared/data/crosswoz/val.json.zip 5"} */
public final class CrossWozHarness {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        var report = CrossWozEvaluation.run(CrossWozDialog.read(Path.of(args[0])), Integer.parseInt(args[1]));
        System.out.print(report.format());
        System.out.printf("用时 %.1f 秒%n", (System.nanoTime() - t0) / 1e9);
    }
}
