package dev.zhiyu.server.arch;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The boundaries of DESIGN.md's module map, as rules over packages. Each rule takes its packages as arguments so the
 * same rule is checked on the product and, in {@link ArchitectureTest}, on fixtures that break it on purpose.
 */
final class ArchitectureRules {
    /** Storage, HTTP server and CLI frameworks: the server wires them up; domain modules reach them through ports. */
    static final String[] INFRASTRUCTURE = {"java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..",
            "com.zaxxer..", "org.h2..", "org.postgresql..", "io.javalin..", "org.eclipse.jetty..", "picocli.."};

    private ArchitectureRules() {
    }

    /** Domain modules know nothing of databases, the HTTP server, the CLI or the server module. */
    static ArchRule domainFreeOfInfrastructure(String serverPackage, String... domainPackages) {
        String[] forbidden = java.util.Arrays.copyOf(INFRASTRUCTURE, INFRASTRUCTURE.length + 1);
        forbidden[INFRASTRUCTURE.length] = serverPackage;
        return noClasses().that().resideInAnyPackage(domainPackages)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("domain modules are libraries: storage and transport stay behind ports the server wires up");
    }

    /** Routes and commands translate; they call services and never touch SQL themselves. */
    static ArchRule entryPointsWithoutSql(String... entryPointPackages) {
        return noClasses().that().resideInAnyPackage(entryPointPackages)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..")
                .because("HTTP routes and CLI commands share one service layer, which owns the storage");
    }

    /** HTTP and CLI are two doors to the same services: neither calls the other. */
    static ArchRule entryPointsIndependent(String http, String cli) {
        return CompositeArchRule.of(oneWay(http, cli)).and(oneWay(cli, http));
    }

    private static ArchRule oneWay(String from, String to) {
        return noClasses().that().resideInAPackage(from).should().dependOnClassesThat().resideInAPackage(to)
                .because("a rule needed by both HTTP and CLI belongs in a service they both call");
    }

    /** The server uses telephony through its API packages only, not its call control, dialer, ESL or simulator. */
    static ArchRule telephonyInternalsHidden(String client, String... internals) {
        return noClasses().that().resideInAPackage(client).should().dependOnClassesThat().resideInAnyPackage(internals)
                .because("telephony's internals change without notice; the server goes through telephony's API");
    }

    /** Module dependencies point down DESIGN.md's table only. */
    static ArchRule modulesPointDown(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("nlp").definedBy(root + ".nlp..")
                .layer("models").definedBy(root + ".models..")
                .layer("dialog").definedBy(root + ".dialog..")
                .layer("telephony").definedBy(root + ".telephony..")
                .layer("reports").definedBy(root + ".reports..")
                .layer("knowledge").definedBy(root + ".knowledge..")
                .layer("server").definedBy(root + ".server..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("knowledge").mayOnlyBeAccessedByLayers("server")
                .whereLayer("reports").mayOnlyBeAccessedByLayers("server")
                .whereLayer("telephony").mayOnlyBeAccessedByLayers("server")
                .whereLayer("dialog").mayOnlyBeAccessedByLayers("telephony", "server")
                .whereLayer("models").mayOnlyBeAccessedByLayers("dialog", "telephony", "reports", "server")
                .whereLayer("nlp").mayOnlyBeAccessedByLayers("models", "dialog", "telephony", "reports", "knowledge",
                        "server");
    }
}
