package dev.zhiyu.server.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** DESIGN.md's boundaries hold on the product, and each rule does catch a deliberate violation. */
class ArchitectureTest {
    private static final String[] DOMAIN = {"dev.zhiyu.nlp..", "dev.zhiyu.models..", "dev.zhiyu.dialog..",
            "dev.zhiyu.telephony..", "dev.zhiyu.reports..", "dev.zhiyu.knowledge.."};
    private static final String FIXTURES = "dev.zhiyu.server.arch.fixtures";

    private static JavaClasses product;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.zhiyu");
        fixtures = new ClassFileImporter().importPackages(FIXTURES);
    }

    @Test
    void domainModulesKnowNoStorageOrTransport() {
        ArchitectureRules.domainFreeOfInfrastructure("dev.zhiyu.server..", DOMAIN).check(product);
        assertCatches(ArchitectureRules.domainFreeOfInfrastructure(FIXTURES + ".app..", FIXTURES + ".domain.."));
    }

    @Test
    void routesAndCommandsRunNoSql() {
        ArchitectureRules.entryPointsWithoutSql("dev.zhiyu.server.http..", "dev.zhiyu.server.cli..").check(product);
        assertCatches(ArchitectureRules.entryPointsWithoutSql(FIXTURES + ".http.."));
    }

    @Test
    void httpAndCliDoNotCallEachOther() {
        ArchitectureRules.entryPointsIndependent("dev.zhiyu.server.http..", "dev.zhiyu.server.cli..").check(product);
        assertCatches(ArchitectureRules.entryPointsIndependent(FIXTURES + ".http..", FIXTURES + ".cli.."));
    }

    @Test
    void modulesDependDownwardOnly() {
        ArchitectureRules.modulesPointDown("dev.zhiyu").check(product);
        assertCatches(ArchitectureRules.modulesPointDown(FIXTURES + ".layers"));
    }

    @Test
    void serverUsesTelephonyThroughItsApiOnly() {
        ArchitectureRules.telephonyInternalsHidden("dev.zhiyu.server..", "dev.zhiyu.telephony.call..",
                "dev.zhiyu.telephony.dialer..", "dev.zhiyu.telephony.esl..", "dev.zhiyu.telephony.sim..").check(product);
    }

    @Test
    void aRuleAboutInternalsCatchesAReachIntoThem() {
        assertCatches(ArchitectureRules.telephonyInternalsHidden(FIXTURES + ".app..", FIXTURES + ".internal.."));
    }

    private static void assertCatches(ArchRule rule) {
        assertTrue(rule.evaluate(fixtures).hasViolation(), "the rule missed its deliberate violation: " + rule);
    }
}
