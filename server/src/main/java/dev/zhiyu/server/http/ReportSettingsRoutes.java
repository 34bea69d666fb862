package dev.zhiyu.server.http;

import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.Thresholds;
import dev.zhiyu.server.platform.Principal;
import dev.zhiyu.server.reports.ReportService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A tenant's anomaly thresholds and publishing rule, and fetching reports by URL from the disclosure sites. */
final class ReportSettingsRoutes {
    record ThresholdUpdate(BigDecimal threshold) {
    }

    record ThresholdView(BigDecimal defaultPercent, BigDecimal defaultPoints, Map<String, BigDecimal> overrides,
                         List<String> indicators) {
    }

    record FetchRequest(List<String> urls) {
    }

    record PublishingView(String mode, String description) {
        static PublishingView of(ReportService.Publishing m) {
            return new PublishingView(m.name(), m == ReportService.Publishing.AUTO
                    ? "自动发布：快讯中每个数字和措辞都通过与报告的核对才发布，否则转人工审核"
                    : "全部审核：每条快讯都须人工批准后发布");
        }
    }

    record PublishingUpdate(String mode) {
    }

    private final ReportService reports;

    ReportSettingsRoutes(ReportService reports) {
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.get("/api/report-thresholds", this::thresholds);
        r.put("/api/report-thresholds/{indicator}", this::setThreshold);
        r.post("/api/report-fetches", this::fetch);
        r.get("/api/report-publishing", ctx -> ctx.json(PublishingView.of(reports.publishing(Requests.principal(ctx).tenant()))));
        r.put("/api/report-publishing", this::setPublishing);
    }

    private void thresholds(Context ctx) {
        Principal p = Requests.principal(ctx);
        Thresholds d = Thresholds.defaults();
        ctx.json(new ThresholdView(d.percent(), d.points(), reports.thresholdOverrides(p.tenant()),
                Arrays.stream(Indicator.values()).map(Enum::name).toList()));
    }

    private void setThreshold(Context ctx) {
        String indicator = ctx.pathParam("indicator");
        if (Arrays.stream(Indicator.values()).noneMatch(i -> i.name().equals(indicator))) {
            throw ProblemException.notFound("没有指标 " + indicator + "；可用的见 GET /api/report-thresholds");
        }
        ThresholdUpdate in = Json.read(ctx, ThresholdUpdate.class);
        if (in.threshold() == null || in.threshold().signum() <= 0 || in.threshold().compareTo(BigDecimal.valueOf(1000)) > 0) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "threshold", "应为 0 到 1000 之间的正数（百分比或百分点）");
        }
        Principal p = Requests.principal(ctx);
        reports.setThreshold(p.tenant(), indicator, in.threshold(), p.consumer() + " " + p.name());
        thresholds(ctx);
    }

    private void setPublishing(Context ctx) {
        PublishingUpdate in = Json.read(ctx, PublishingUpdate.class);
        ReportService.Publishing mode = Arrays.stream(ReportService.Publishing.values())
                .filter(m -> m.name().equals(in.mode())).findFirst()
                .orElseThrow(() -> ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "mode",
                        "应为 AUTO（通过核对则自动发布）或 REVIEW（全部人工审核）"));
        Principal p = Requests.principal(ctx);
        reports.setPublishing(p.tenant(), mode, p.consumer() + " " + p.name());
        ctx.json(PublishingView.of(mode));
    }

    private void fetch(Context ctx) {
        FetchRequest in = Json.read(ctx, FetchRequest.class);
        if (in.urls() == null || in.urls().isEmpty() || in.urls().size() > 50) {
            throw ProblemException.field(400, "VALIDATION_FAILED", "输入无效", "urls", "应为 1 到 50 个地址");
        }
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < in.urls().size(); i++) {
            uris.add(Requests.uri(in.urls().get(i), "urls[" + i + "]"));
        }
        try {
            List<ReportStore.Received> received = reports.fetch(Requests.principal(ctx).tenant(), uris);
            ctx.status(202).json(received);
        } catch (dev.zhiyu.server.net.OutboundPolicy.OutboundRefused e) {
            throw ProblemException.field(400, "URL_NOT_ALLOWED", "不允许的地址", "urls", e.getMessage());
        } catch (IOException e) {
            throw ProblemException.of(502, "FETCH_FAILED", "取报告失败", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.of(503, "UNAVAILABLE", "服务暂不可用", "取报告被中断");
        }
    }
}
