package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Role;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.lists.ImportReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Call lists (CSV/XLSX upload with a per-row error report), the FreeSWITCH connection's state, a supervisor's
 * take-over of a live call, and a call's recording.
 */
final class CallRoutes {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    record RowErrorView(long row, String field, String message) {
    }

    record UploadView(String listId, boolean created, long rows, long imported, long duplicates, long rejected,
                      List<RowErrorView> errors, boolean errorsTruncated) {
        static UploadView of(TelephonyService.Upload u) {
            ImportReport r = u.report();
            return new UploadView(u.listId(), u.created(), r.rows(), r.imported(), r.duplicates(), r.rejected(),
                    r.errors().stream().map(e -> new RowErrorView(e.row(), e.field(), e.message())).toList(),
                    r.rejected() > r.errors().size());
        }
    }

    private final TelephonyService telephony;

    CallRoutes(TelephonyService telephony) {
        this.telephony = telephony;
    }

    void register(RoutesConfig r) {
        r.post("/api/calls/lists", this::upload, Access.DIALOG);
        r.get("/api/calls/lists", ctx -> ctx.json(telephony.lists(Requests.principal(ctx).tenant())), Access.DIALOG);
        r.get("/api/calls/status", ctx -> ctx.json(telephony.status()), Access.DIALOG);
        r.post("/api/calls/{uuid}/transfer", this::transfer, Access.DIALOG);
        r.get("/api/calls/{uuid}/recording", this::recording, Access.DIALOG);
    }

    /** A supervisor takes over a live call: 202, the transfer happens on the call's own thread within moments. */
    private void transfer(Context ctx) {
        Principal p = Requests.principal(ctx);
        if (p.role() != Role.SUPERVISOR && p.role() != Role.ADMIN) {
            throw ProblemException.of(403, "FORBIDDEN", "无权操作", "只有主管或管理员可以接管通话");
        }
        ctx.status(202).json(telephony.takeOver(p.tenant(), ctx.pathParam("uuid")));
    }

    private void recording(Context ctx) throws IOException {
        Path file = telephony.recording(Requests.principal(ctx).tenant(), ctx.pathParam("uuid"));
        ctx.header("Cache-Control", "private, no-store");
        ctx.writeSeekableStream(Files.newInputStream(file), "audio/wav", Files.size(file)); // Range: the player seeks
    }

    /**
     * multipart/form-data with a {@code file} part, or the file as the raw body (text/csv or the XLSX type, name in
     * {@code ?filename=}). {@code ?list=} appends to an existing list (re-uploads add nothing twice),
     * {@code ?name=} names a new one, {@code ?phoneColumn=} picks the number column.
     */
    private void upload(Context ctx) {
        Principal p = Requests.principal(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        String listId = ctx.queryParam("list");
        String name = ctx.queryParam("name");
        String phoneColumn = ctx.queryParam("phoneColumn");
        String fileName;
        InputStream in;
        if (type.startsWith("multipart/form-data")) {
            UploadedFile f = ctx.uploadedFile("file");
            if (f == null) {
                throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "file", "缺少文件：请用表单字段 file 上传");
            }
            fileName = f.filename();
            in = f.content();
            listId = first(ctx.formParam("list"), listId);
            name = first(ctx.formParam("name"), name);
            phoneColumn = first(ctx.formParam("phoneColumn"), phoneColumn);
        } else if (type.startsWith("text/csv") || type.startsWith(XLSX)) {
            String ext = type.startsWith(XLSX) ? ".xlsx" : ".csv";
            fileName = ctx.queryParam("filename") == null ? "upload" + ext : ctx.queryParam("filename");
            if (!fileName.toLowerCase(Locale.ROOT).endsWith(ext)) {
                throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "filename",
                        "文件名扩展名与 Content-Type 不一致（应为 " + ext + "）");
            }
            in = ctx.bodyInputStream();
        } else {
            throw ProblemException.of(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型",
                    "名单须以 multipart/form-data（字段 file）上传，或以 text/csv、" + XLSX + " 作为请求体上传");
        }
        TelephonyService.Upload u;
        try (InputStream body = in) {
            u = telephony.importList(p.tenant(), listId, name, fileName, body, phoneColumn, p.consumer() + " " + p.name());
        } catch (IOException e) {
            throw ProblemException.of(400, "INVALID_CALL_LIST", "名单无法导入", "读取上传文件失败：" + e.getMessage());
        }
        if (!u.report().ok()) {
            throw ProblemException.field(400, "INVALID_CALL_LIST", "名单无法导入", "file",
                    u.report().fileError() + "（未导入任何数据）");
        }
        ctx.status(201).json(UploadView.of(u));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
