package dev.zhiyu.telephony;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Limits that protect the person on the line.
 *
 * @param deadAir     an answered call nobody controls (the dialer died, or lost its node) hears {@code apology} and is
 *                    hung up by the switch itself within this ({@code zhiyu.telephony.dead.air.seconds})
 * @param apology     sound file on the switch played before that hang-up ({@code zhiyu.telephony.dead.air.apology})
 * @param earlyHangup an answered call the customer hangs up within this, before saying anything, is
 *                    {@link Disposition#EARLY_HANGUP}; zero: never ({@code zhiyu.telephony.early.hangup.seconds})
 */
public record CallGuards(Duration deadAir, String apology, Duration earlyHangup) {

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_./\\-]{1,200}");

    public CallGuards {
        if (deadAir == null || deadAir.toSeconds() < 2 || deadAir.toSeconds() > 600) {
            throw new IllegalArgumentException("zhiyu.telephony.dead.air.seconds 应在 2 到 600 之间（无人控制的通话最多静默这么久）");
        }
        if (apology == null || !SAFE_PATH.matcher(apology).matches()) {
            throw new IllegalArgumentException("zhiyu.telephony.dead.air.apology 应为交换机上的语音文件路径（字母、数字和 _./-），当前为 "
                    + apology);
        }
        if (earlyHangup == null || earlyHangup.isNegative() || earlyHangup.toSeconds() > 120) {
            throw new IllegalArgumentException("zhiyu.telephony.early.hangup.seconds 应在 0 到 120 之间（0 表示不区分速挂）");
        }
    }

    public static CallGuards defaults() {
        return new CallGuards(Duration.ofSeconds(10), "zhiyu/dead_air_apology.wav", Duration.ofSeconds(5));
    }

    /** Time kept for the apology within the dead-air bound: 4 s, or half the bound when that is shorter. */
    public Duration apologyLength() {
        return Duration.ofSeconds(Math.min(4, deadAir.toSeconds() / 2));
    }
}
