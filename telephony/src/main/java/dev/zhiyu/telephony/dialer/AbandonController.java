package dev.zhiyu.telephony.dialer;

/**
 * Steers the abandon ratio each decision may risk (the model's expected abandons / expected answers) so that the
 * measured abandon rate settles at {@value #SETPOINT} of the cap. PI-style, on the logarithm of the ratio:
 * the integral moves with every answered call (up by {@code KI × setpoint} per connected call, down by
 * {@code KI × (1 − setpoint)} per abandon, so it rests where abandons are the setpoint's share of answers), the
 * proportional part follows the rolling window's rate. The integral is clamped, and does not climb while the
 * window is at the cap (the pacer is then not over-dialling, so calls connecting say nothing about the ratio).
 */
final class AbandonController {

    static final double SETPOINT = 0.6;
    private static final double KI = 0.25;
    private static final double KP = 1.0;
    private static final double MIN_LOG = Math.log(0.05);
    private static final double MAX_LOG = Math.log(4);

    private final double cap;
    private double integral = Math.log(SETPOINT);

    AbandonController(double cap) {
        this.cap = cap;
    }

    void answered(boolean abandoned, boolean atCap) {
        double step = KI * (SETPOINT * cap - (abandoned ? 1 : 0));
        if (step > 0 && atCap) {
            return;
        }
        integral = Math.max(MIN_LOG, Math.min(MAX_LOG, integral + step));
    }

    /** The abandon ratio to allow now, given the rolling window's rate. */
    double ratio(double windowRate) {
        double proportional = KP * (SETPOINT * cap - windowRate) / cap;
        return Math.min(0.5, cap * Math.exp(integral + Math.max(-2, Math.min(0.5, proportional))));
    }
}
