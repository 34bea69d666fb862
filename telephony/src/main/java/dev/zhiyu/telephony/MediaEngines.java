package dev.zhiyu.telephony;

/**
 * The speech engines the robot uses on every FreeSWITCH node, and the settings that choose them: a node that lacks an
 * engine's module is named with the engine and the setting to change.
 *
 * @param asr        the recogniser ({@code detect:<asr>}), e.g. {@code unimrcp}; its module is {@code mod_<asr>}
 * @param asrSetting where an operator changes {@code asr}, e.g. {@code zhiyu.telephony.asr}
 * @param tts        the synthesiser set as each call's {@code tts_engine}; its module is {@code mod_<tts>}
 * @param ttsSetting where an operator changes {@code tts}
 */
public record MediaEngines(String asr, String asrSetting, String tts, String ttsSetting) {

    /** Demo mode: the simulator's {@code mod_test} recognises and speaks. */
    public MediaEngines demo() {
        return new MediaEngines("test", asrSetting, "test", ttsSetting);
    }
}
