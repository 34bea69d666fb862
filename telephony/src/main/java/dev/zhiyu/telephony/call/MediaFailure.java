package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.esl.EslEvent;

import java.util.Locale;

/**
 * Reads a prompt's or recogniser's CHANNEL_EXECUTE_COMPLETE for a media failure. FreeSWITCH reports them only in
 * {@code Application-Response}: {@code playback} answers {@code FILE PLAYED} or {@code PLAYBACK ERROR} /
 * {@code FILE NOT FOUND} (mod_dptools), {@code play_and_detect_speech} answers {@code DONE} or {@code ASR INIT ERROR}
 * / {@code GRAMMAR ERROR} / {@code ERROR} / {@code USAGE ERROR} (an unknown ASR module logs "Invalid ASR module").
 * A {@code say:} prompt on a channel without {@code tts_engine} logs "Invalid Args" yet answers {@code FILE PLAYED}:
 * only the missing variable shows it.
 */
final class MediaFailure {
    private MediaFailure() {
    }

    /** Why the application failed, in Chinese, or null when it ran. */
    static String of(EslEvent complete) {
        String app = complete.getOrEmpty("Application");
        String response = complete.get("Application-Response");
        if (response == null) {
            response = complete.variable("current_application_response");
        }
        if (response != null && failed(response)) {
            return app + " 失败（FreeSWITCH 返回 " + response.strip() + "）";
        }
        String data = complete.getOrEmpty("Application-Data");
        String engine = complete.variable("tts_engine");
        if (data.contains("say:") && (engine == null || engine.isBlank())) {
            return app + " 的语音合成未执行：通道上没有 tts_engine（FreeSWITCH 记录 Invalid Args，客户只听到静音）";
        }
        return null;
    }

    private static boolean failed(String response) {
        String r = response.strip().toUpperCase(Locale.ROOT);
        return r.startsWith("-ERR") || r.contains("ERROR") || r.contains("NOT FOUND") || r.contains("INVALID");
    }
}
