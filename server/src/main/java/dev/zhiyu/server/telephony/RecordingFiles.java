package dev.zhiyu.server.telephony;

import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.telephony.tasks.Ids;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reading a call's recording: only {@code <record.dir>/<tenant>/<uuid>.wav}, never a path the record names
 * elsewhere or a link out of the tenant's directory. Refusals that suggest tampering are raised as alerts.
 */
final class RecordingFiles {
    private final String recordDir;
    private final Consumer<String> alert;

    /** @param recordDir where FreeSWITCH writes recordings; null when calls are not recorded */
    RecordingFiles(String recordDir, Consumer<String> alert) {
        this.recordDir = recordDir;
        this.alert = alert;
    }

    /** The file; not found when retention deleted it or nothing (readable) was recorded. */
    Path file(String tenant, JdbcRecordings recordings, String callId) {
        if (!Ids.valid(callId)) {
            throw Failure.notFound("没有通话 " + callId);
        }
        JdbcRecordings.CallRecording r = recordings.callRecording(callId)
                .orElseThrow(() -> Failure.notFound("没有通话 " + callId));
        if (r.deletedAt() != null) {
            throw Failure.notFound("录音已按保留期限于 " + r.deletedAt() + " 删除");
        }
        if (recordDir == null || r.path() == null) {
            throw Failure.notFound("这通电话没有录音");
        }
        Path own = Path.of(recordDir).toAbsolutePath().normalize().resolve(tenant);
        Path file = own.resolve(callId + ".wav");
        if (!Path.of(r.path()).toAbsolutePath().normalize().equals(file)) {
            alert.accept("租户 " + tenant + "：通话 " + callId + " 的录音路径不在租户录音目录内，拒绝读取");
            throw Failure.notFound("这通电话没有可读取的录音");
        }
        try {
            if (!file.toRealPath().startsWith(own.toRealPath())) {
                alert.accept("租户 " + tenant + "：通话 " + callId + " 的录音链接到租户录音目录之外，拒绝读取");
                throw Failure.notFound("这通电话没有可读取的录音");
            }
        } catch (IOException e) {
            throw Failure.notFound("录音文件不存在（可能已被删除）");
        }
        return file;
    }
}
