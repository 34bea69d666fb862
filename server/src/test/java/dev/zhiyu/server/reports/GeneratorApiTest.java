package dev.zhiyu.server.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.reports.generate.Corpus;
import dev.zhiyu.reports.generate.GeneratorModel;
import dev.zhiyu.reports.generate.GeneratorTrainer;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.server.Api;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * News-generator versions through the model registry's HTTP API: listed by purpose, promoted and rolled back by the
 * generator's own loader (checksum first), not by the intent lifecycle; another tenant cannot touch them.
 */
class GeneratorApiTest {
    private static GeneratorModel tiny(Corpus.Base base, long seed) {
        return GeneratorTrainer.train(Corpus.training(List.of(base), "无", 4),
                new GeneratorTrainer.Options(seed, 8, 1, 1, 16, 1e-2), s -> { });
    }

    @Test
    void generatorVersionsArePromotedAndRolledBackThroughTheModelsApi() throws Exception {
        try (TestStores stores = TestStores.h2();
             ZhiyuServer server = ZhiyuServer.start(stores.config(Map.of("zhiyu.dialog.intent.model", "builtin:generic-maxent")))) {
            Platform p = server.platform();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            Api supervisor = Api.withKey(server.port(), p.keys().create(a.id(), "li", "supervisor", "test").secret());
            Api other = Api.withKey(server.port(), p.keys().create(b.id(), "b-admin", "admin", "test").secret());
            ModelLifecycle versions = server.services().reports().lifecycle(a);
            Corpus.Base base = Corpus.base(NewsGeneratorSelectionTest.pdf("民生银行"));
            ModelVersion v1 = versions.register(NewsGeneratorKind.candidate(tiny(base, 3), Map.of("seed", "3")), "test");
            ModelVersion v2 = versions.register(NewsGeneratorKind.candidate(tiny(base, 4), Map.of("seed", "4")), "test");

            Api.Response list = supervisor.get("/api/models?purpose=news-generator");
            assertEquals(200, list.status(), list.body());
            assertEquals(2, list.json().size());
            assertEquals(0, other.get("/api/models?purpose=news-generator").json().size(), "乙看不到甲的生成模型");
            assertEquals(404, other.post("/api/models/" + v1.id() + "/promote", Map.of()).status());

            assertEquals(409, supervisor.post("/api/models/rollback", Map.of("purpose", "news-generator")).status(),
                    "没有上线版本时无法回滚");
            Api.Response up1 = supervisor.post("/api/models/" + v1.id() + "/promote", Map.of());
            assertEquals(200, up1.status(), up1.body());
            assertEquals("LIVE", up1.json().get("status").asText());
            Api.Response first = supervisor.post("/api/models/rollback", Map.of("purpose", "news-generator"));
            assertEquals(409, first.status(), "第一个上线的版本之前没有版本：" + first.body());
            assertTrue(first.body().contains("无法回滚"), first.body());

            assertEquals(200, supervisor.post("/api/models/" + v2.id() + "/promote", Map.of()).status());
            assertEquals(v2.id(), versions.registry().live(NewsGeneratorKind.PURPOSE).orElseThrow().id());
            Api.Response back = supervisor.post("/api/models/rollback", Map.of("purpose", "news-generator"));
            assertEquals(200, back.status(), back.body());
            assertEquals(v1.id(), back.json().get("id").asText());
            assertEquals(v1.id(), versions.registry().live(NewsGeneratorKind.PURPOSE).orElseThrow().id());

            ModelVersion v3 = versions.register(NewsGeneratorKind.candidate(tiny(base, 5), Map.of()), "test");
            Files.write(server.services().models().of(a).artifacts().dir(v3.id()).resolve("weights.bin"), new byte[] {1, 2, 3});
            Api.Response corrupt = supervisor.post("/api/models/" + v3.id() + "/promote", Map.of());
            assertEquals(409, corrupt.status(), corrupt.body());
            assertTrue(corrupt.body().contains("MODEL_CORRUPT"), corrupt.body());
            assertEquals(v1.id(), versions.registry().live(NewsGeneratorKind.PURPOSE).orElseThrow().id(), "校验失败的版本不会上线");

            JsonNode detail = supervisor.get("/api/models/" + v1.id()).json();
            assertEquals("news-generator", detail.get("version").get("purpose").asText());
            assertTrue(detail.get("history").size() >= 3, detail.toString());
        }
    }
}
