package io.shaozi.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency direction of the architecture (README “架构”), held by the build. */
class ArchitectureTest {
    private static final String[] DOMAIN = {
        "io.shaozi.core.dialog..", "io.shaozi.core.ticket..", "io.shaozi.core.push..", "io.shaozi.core.identity..",
        "io.shaozi.core.schedule..", "io.shaozi.core.lock..", "io.shaozi.core.content..", "io.shaozi.core.campaign..",
        "io.shaozi.core.quiz.."
    };
    private static JavaClasses all;

    @BeforeAll
    static void load() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.shaozi");
    }

    @Test
    void domainPackages_importNoNettyJdbcOrJedis() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.sql..", "javax.sql..",
                        "redis.clients..", "com.zaxxer..", "org.flywaydb..")
                .allowEmptyShould(true)
                .check(all);
    }

    @Test
    void domainPackages_doNotReachIntoInfrastructurePackages() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.shaozi.core.server..", "io.shaozi.core.store..",
                        "io.shaozi.core.state..", "io.shaozi.core.app..")
                .allowEmptyShould(true)
                .check(all);
    }

    @Test
    void onlyTheStoreUsesTheSchedulerLibrary_theDomainSeesTheJobsInterface() {
        noClasses().that().resideOutsideOfPackage("io.shaozi.core.store..")
                .should().dependOnClassesThat().resideInAPackage("com.github.kagkarlsson..")
                .check(all);
    }

    @Test
    void botCorePackages_areFreeOfCycles() {
        slices().matching("io.shaozi.core.(*)..").should().beFreeOfCycles().check(all);
    }

    @Test
    void configReader_dependsOnNoOtherShaoziCode() {
        noClasses().that().resideInAPackage("io.shaozi.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shaozi.core..", "io.shaozi.nlp..",
                        "io.shaozi.adapters..")
                .check(all);
    }

    @Test
    void libraries_neverDependOnBotCore() {
        noClasses().that().resideInAnyPackage("io.shaozi.nlp..", "io.shaozi.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("io.shaozi.core..")
                .allowEmptyShould(true)
                .check(all);
    }

    @Test
    void nlpAndAdapters_areIndependentOfEachOther() {
        noClasses().that().resideInAPackage("io.shaozi.nlp..")
                .should().dependOnClassesThat().resideInAPackage("io.shaozi.adapters..")
                .allowEmptyShould(true).check(all);
        noClasses().that().resideInAPackage("io.shaozi.adapters..")
                .should().dependOnClassesThat().resideInAPackage("io.shaozi.nlp..")
                .allowEmptyShould(true).check(all);
    }

    @Test
    void onlyTheServerPackageUsesNetty() {
        noClasses().that().resideOutsideOfPackages("io.shaozi.core.server..", "io.shaozi.core.app..")
                .and().resideInAPackage("io.shaozi.core..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(all);
    }
}
