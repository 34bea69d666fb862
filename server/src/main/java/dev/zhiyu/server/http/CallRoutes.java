package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.platform.Role;
import dev.zhiyu.server.telephony.ListImport;
import dev.zhiyu.server.telephony.ListUploads;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.tasks.ListFit;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Call lists (CSV/XLSX upload with a per-row error report), the FreeSWITCH connection's state, a supervisor's
 * take-over of a live call, and a call's recording.
 */
final class CallRoutes {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    record RowErrorView(long row, String field, String message) {
    }

    /**
     * @param scenarios which variables of each of the tenant's scenarios the file's columns satisfy (values are
     *                  checked when a task is created with the list)
     */
    record UploadView(String listId, boolean created, long rows, long imported, long duplicates, long rejected,
                      List<RowErrorView> errors, boolean errorsTruncated, List<ListFit.Coverage> scenarios) {
        static UploadView of(ListUploads.Upload u, List<ListFit.Coverage> scenarios) {
            ImportReport r = u.report();
            return new UploadView(u.listId(), u.created(), r.rows(), r.imported(), r.duplicates(), r.rejected(),
                    r.errors().stream().map(e -> new RowErrorView(e.row(), e.field(), e.message())).toList(),
                    r.rejected() > r.errors().size(), scenarios);
        }
    }

    private final TelephonyService telephony;

    CallRoutes(TelephonyService telephony) {
        this.telephony = telephony;
    }

    void register(RoutesConfig r) {
        r.post("/api/calls/lists", this::upload, Access.DIALOG);
        r.get("/api/calls/lists", ctx -> ctx.json(telephony.operations().lists(Requests.principal(ctx).tenant())), Access.DIALOG);
        r.get("/api/calls/lists/imports", this::recentImports, Access.DIALOG);
        r.get("/api/calls/lists/coverage", this::coverage, Access.DIALOG);
        r.get("/api/calls/lists/imports/{id}", this::oneImport, Access.DIALOG);
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
     * {@code ?filename=}). {@code ?list=} appends to an existing list (re-uploads add nothing twice; an unknown list is
     * 404), {@code ?name=} names a new one, {@code ?phoneColumn=} picks the number column. The import is all or
     * nothing: a refused file stores no list and no leads. {@code ?async=true} answers 202 with a job at once (large
     * files); without it the upload is imported before the 201 answer.
     */
    private void upload(Context ctx) throws IOException {
        Principal p = Requests.principal(ctx);
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        String listId = ctx.queryParam("list");
        String name = ctx.queryParam("name");
        String phoneColumn = ctx.queryParam("phoneColumn");
        String async = ctx.queryParam("async");
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
            async = first(ctx.formParam("async"), async);
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
        String appendTo = listId == null || listId.isBlank() ? null : listId.strip();
        String by = p.consumer() + " " + p.name();
        if (async != null && (async.equalsIgnoreCase("true") || async.equals("1"))) {
            submit(ctx, p, appendTo, name, fileName, in, phoneColumn, by);
            return;
        }
        ListUploads.Upload u;
        try (InputStream body = in) {
            u = telephony.operations().uploadList(p.tenant(), appendTo, name, fileName, body, phoneColumn, by);
        } catch (IOException e) {
            throw ProblemException.of(400, "INVALID_CALL_LIST", "名单无法导入", "读取上传文件失败：" + e.getMessage());
        }
        if (!u.report().ok()) {
            throw ProblemException.field(400, "INVALID_CALL_LIST", "名单无法导入", "file",
                    u.report().fileError() + "（未导入任何数据）");
        }
        ctx.status(201).json(UploadView.of(u, telephony.operations().coverage(p.tenant(), u.report().columns())));
    }

    /**
     * The preview of a file before upload: {@code ?column=} once per header cell; which variables of each of the
     * tenant's scenarios those columns satisfy and which required ones they lack.
     */
    private void coverage(Context ctx) {
        List<String> columns = ctx.queryParams("column").stream().map(String::strip).toList();
        if (columns.size() > 1000) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "column", "表头最多 1000 列");
        }
        ctx.json(Map.of("scenarios", telephony.operations().coverage(Requests.principal(ctx).tenant(), columns)));
    }

    /** Spools the upload (within the upload limit) and queues its import: 202 with the job, Location its status. */
    private void submit(Context ctx, Principal p, String appendTo, String name, String fileName, InputStream in,
                        String phoneColumn, String by) throws IOException {
        Path file = Files.createTempFile("zhiyu-list-upload-", ".part");
        try {
            long size = spool(ctx, in, file);
            if (size == 0) {
                throw ProblemException.field(400, "INVALID_CALL_LIST", "名单无法导入", "file",
                        "文件是空的：请选择含有表头和号码的 CSV 或 XLSX 文件（未导入任何数据）");
            }
            ListImport job = telephony.submitListImport(p.tenant(), appendTo, name, fileName, file, phoneColumn, by);
            ctx.status(202).header("Location", "/api/calls/lists/imports/" + job.id())
                    .json(Map.of("id", job.id(), "status", job.status(), "listId", job.listId()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file); // once submitted, the job owns the file
            throw e;
        }
    }

    private static long spool(Context ctx, InputStream in, Path file) {
        Long limit = ctx.attribute(Json.BODY_LIMIT);
        long max = limit == null ? Long.MAX_VALUE : limit;
        long total = 0;
        try (InputStream body = in; OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw ApiServer.bodyTooLarge(max);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw ProblemException.of(400, "BODY_UNREADABLE", "无法读取请求体", "上传中断：请重新上传");
        }
        return total;
    }

    private void recentImports(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 20, 1, 100);
        ctx.json(Map.of("imports", telephony.listImports(Requests.principal(ctx).tenant(), limit)));
    }

    private void oneImport(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("没有这个名单导入：" + ctx.pathParam("id"));
        }
        ctx.json(telephony.listImport(Requests.principal(ctx).tenant(), id));
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
