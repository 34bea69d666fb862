package dev.zhiyu.server.http;

import dev.zhiyu.dialog.Scenario;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.platform.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text channel of the dialog engine and the tenant's scenarios. */
final class DialogRoutes {
    record StartSession(String scenario, Map<String, String> variables, String channel) {
    }

    record Hypothesis(String text, Double confidence) {
    }

    record Turn(String text, List<Hypothesis> nbest, String dtmf) {
    }

    record ScenarioView(String id, String name, int stages, int problems) {
    }

    private final DialogService dialogs;

    DialogRoutes(DialogService dialogs) {
        this.dialogs = dialogs;
    }

    void register(RoutesConfig r) {
        r.get("/api/dialog/scenarios", ctx -> ctx.json(dialogs.scenarios(tenant(ctx))));
        r.put("/api/dialog/scenarios", this::upload);
        r.get("/api/dialog/faq", ctx -> ctx.json(dialogs.faq(tenant(ctx))));
        r.put("/api/dialog/faq", this::uploadFaq);
        r.post("/api/dialog/sessions", this::start);
        r.post("/api/dialog/sessions/{id}/turns", this::turn);
        r.post("/api/dialog/sessions/{id}/silence", ctx -> ctx.json(dialogs.silence(tenant(ctx), sessionId(ctx))));
        r.delete("/api/dialog/sessions/{id}", ctx -> ctx.json(dialogs.end(tenant(ctx), sessionId(ctx))));
        r.get("/api/dialog/sessions/{id}/transcript", ctx -> ctx.json(dialogs.transcript(tenant(ctx), sessionId(ctx))));
    }

    private static dev.zhiyu.server.platform.Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private static String sessionId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ProblemException.notFound("没有会话 " + id);
        }
        return id;
    }

    private void upload(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("application/yaml") && !type.startsWith("text/yaml")) {
            throw ProblemException.of(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型",
                    "场景须以 YAML 上传，并带 Content-Type: application/yaml");
        }
        Principal p = Requests.principal(ctx);
        Scenario s = dialogs.upload(p.tenant(), ctx.body(), p.consumer() + " " + p.name());
        ctx.status(201).json(new ScenarioView(s.id(), s.name(), s.stages().size(), s.problems().size()));
    }

    private void uploadFaq(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("application/yaml") && !type.startsWith("text/yaml") && !type.startsWith("application/json")) {
            throw ProblemException.of(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的内容类型",
                    "FAQ 须以 YAML 或 JSON 上传（条目列表：id、questions、answer），并带相应的 Content-Type");
        }
        Principal p = Requests.principal(ctx);
        ctx.json(dialogs.uploadFaq(p.tenant(), ctx.body(), p.consumer() + " " + p.name()));
    }

    private void start(Context ctx) {
        StartSession in = Json.read(ctx, StartSession.class);
        String channel = in.channel() == null ? "text" : in.channel();
        if (!channel.equals("text") && !channel.equals("phone")) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "channel", "应为 text 或 phone");
        }
        Map<String, String> variables = in.variables() == null ? Map.of() : in.variables();
        ctx.status(201).json(dialogs.start(tenant(ctx), in.scenario(), channel, variables));
    }

    private void turn(Context ctx) {
        Turn in = Json.read(ctx, Turn.class);
        List<UserInput.Hypothesis> nbest = new ArrayList<>();
        if (in.nbest() != null) {
            for (int i = 0; i < in.nbest().size(); i++) {
                Hypothesis h = in.nbest().get(i);
                if (h == null || h.text() == null) {
                    throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "nbest[" + i + "].text", "不能为空");
                }
                nbest.add(new UserInput.Hypothesis(h.text(), h.confidence() == null ? 1.0 : h.confidence()));
            }
        } else if (in.text() != null) {
            nbest.add(new UserInput.Hypothesis(in.text(), 1.0));
        }
        String dtmf = in.dtmf() == null ? "" : in.dtmf();
        if (!dtmf.matches("[0-9*#]{0,32}")) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "dtmf", "只能包含 0-9、* 和 #");
        }
        ctx.json(dialogs.hear(tenant(ctx), sessionId(ctx), new UserInput(nbest, dtmf)));
    }
}
