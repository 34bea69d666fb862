package dev.zhiyu.server.reports;

import dev.zhiyu.models.CorruptArtifactException;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.reports.generate.Corpus;
import dev.zhiyu.reports.generate.GeneratorModel;
import dev.zhiyu.reports.generate.GeneratorTrainer;
import dev.zhiyu.reports.generate.LearnedGenerator;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The news generator as a registered model: promotion and rollback reach the next report without a restart, a
 * version failing its checksum gives the templates, another tenant is unaffected; learned drafts are counted.
 */
class GeneratorVersionsTest {
    private static GeneratorModel tiny(Corpus.Base base, long seed) {
        return GeneratorTrainer.train(Corpus.training(List.of(base), "无", 4),
                new GeneratorTrainer.Options(seed, 8, 1, 1, 16, 1e-2), s -> { });
    }

    @Test
    void promotionAndRollbackSwitchTheWriterForTheNextReport() throws Exception {
        try (TestStores stores = TestStores.h2(); Platform p = Platform.open(stores.config())) {
            p.startUp();
            Path data = ((TestStores.H2) stores).dir();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            Path bank = NewsGeneratorSelectionTest.pdf("民生银行");
            Corpus.Base base = Corpus.base(bank);
            try (ModelService models = new ModelService(p, data, 1, () -> null, Clock.systemUTC());
                 ReportService service = new ReportService(p, ReportSettings.defaults(), data).withModels(models::of)) {
                ModelLifecycle versions = service.lifecycle(a);
                ModelVersion v1 = versions.register(NewsGeneratorKind.candidate(tiny(base, 3), Map.of("seed", "3")), "test");
                ModelVersion v2 = versions.register(NewsGeneratorKind.candidate(tiny(base, 4), Map.of("seed", "4")), "test");
                assertSame(DraftWriter.TEMPLATES, service.newsWriter(a), "只有候选版本：用模板");

                versions.promote(NewsGeneratorKind.INSTANCE, v1.id(), "test", false);
                DraftWriter w1 = service.newsWriter(a);
                assertInstanceOf(LearnedGenerator.class, w1, "上线后下一篇报告即用学习模型，无需重启");
                assertSame(DraftWriter.TEMPLATES, service.newsWriter(b), "乙不受甲的上线影响");
                service.directIntake(a).ingestNow(Files.readAllBytes(bank), "bank.pdf");
                assertEquals(1, service.newsCounts(a).values().stream().mapToLong(Long::longValue).sum(), service.newsCounts(a).toString());
                assertTrue(service.newsCounts(a).keySet().stream().allMatch(k -> k.startsWith("generated/") || k.startsWith("fallback/")));
                assertTrue(service.newsCounts(b).isEmpty());

                versions.promote(NewsGeneratorKind.INSTANCE, v2.id(), "test", false);
                DraftWriter w2 = service.newsWriter(a);
                assertInstanceOf(LearnedGenerator.class, w2);
                assertNotSame(w1, w2);
                assertEquals(v1.id(), versions.rollback(NewsGeneratorKind.PURPOSE, "test").id());
                assertEquals(v1.id(), versions.registry().live(NewsGeneratorKind.PURPOSE).orElseThrow().id());
                assertNotSame(w2, service.newsWriter(a), "回滚后换回上一版本");
                assertInstanceOf(LearnedGenerator.class, service.newsWriter(a));

                ModelVersion v3 = versions.register(NewsGeneratorKind.candidate(tiny(base, 5), Map.of()), "test");
                Files.write(models.of(a).artifacts().dir(v3.id()).resolve("weights.bin"), new byte[]{1, 2, 3});
                assertThrows(CorruptArtifactException.class, () -> versions.promote(NewsGeneratorKind.INSTANCE, v3.id(), "test", false));
                assertEquals(v1.id(), versions.registry().live(NewsGeneratorKind.PURPOSE).orElseThrow().id(), "校验失败的版本不会上线");
                models.of(a).registry().makeLive(NewsGeneratorKind.PURPOSE, v1.id(), v3.id(), "other-node", "绕过校验");
                assertSame(DraftWriter.TEMPLATES, service.newsWriter(a), "别处上线的版本校验失败：用模板");
                assertSame(DraftWriter.TEMPLATES, service.newsWriter(b));
            }
        }
    }
}
