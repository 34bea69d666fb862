package dev.zhiyu.nlp;

import java.util.Locale;

/**
 * A model's temperature refitted on a calibration set written separately from its training data, measured on another
 * set. ECE on the test set before calibration ({@code eceRaw}, T = 1), with the temperature fitted at training time on
 * cross-validated training data ({@code eceShipped}), and with the refitted one ({@code eceCalibrated}). Thresholds
 * read off the calibration set under the refitted temperature: at or above {@code endCall} the top intent was right at
 * least {@value IntentEvaluator#END_CALL_PRECISION} of the time (a guide for a scenario's {@code end_call}), at or
 * above {@code act} at
 * least {@value IntentEvaluator#ACT_PRECISION} of the time, at or above {@code confirm} at least
 * {@value IntentEvaluator#CONFIRM_PRECISION}; below {@code confirm} the turn is unclear (clarify). 1.0 means no
 * confidence reached that precision.
 */
public record CalibrationReport(String calibrationData, int calibrationExamples, String testData, int testExamples,
                                double shippedTemperature, double temperature, double accuracy, double eceRaw,
                                double eceShipped, double eceCalibrated, double endCall, double act, double confirm) {

    public String format() {
        return String.format(Locale.ROOT, """
                校准数据：%s（%d 条）；评测数据：%s（%d 条）
                准确率 accuracy：%.4f
                ECE 未校准（T=1）：%.4f；训练时温度 T=%.3f：%.4f；在校准数据上重拟合 T=%.3f：%.4f
                由校准数据推出的阈值：直接结束通话 end_call ≥ %.3f（精确率 ≥ %.2f），执行 act ≥ %.3f（精确率 ≥ %.2f），\
                确认 confirm ≥ %.3f（精确率 ≥ %.2f），更低则澄清 clarify
                """, calibrationData, calibrationExamples, testData, testExamples, accuracy, eceRaw, shippedTemperature,
                eceShipped, temperature, eceCalibrated, endCall, IntentEvaluator.END_CALL_PRECISION, act,
                IntentEvaluator.ACT_PRECISION, confirm,
                IntentEvaluator.CONFIRM_PRECISION);
    }
}
