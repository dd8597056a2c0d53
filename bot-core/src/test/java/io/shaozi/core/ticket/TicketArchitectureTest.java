package io.shaozi.core.ticket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The ticket and identity domain stays free of Netty, JDBC and Jedis (the store and server packages hold those). */
class TicketArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.shaozi.core.ticket", "io.shaozi.core.identity");

    @Test
    void domainImportsNoInfrastructure() {
        noClasses().that().resideInAnyPackage("io.shaozi.core.ticket..", "io.shaozi.core.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.sql..", "javax.sql..", "redis.clients..",
                        "io.shaozi.core.store..", "io.shaozi.core.admin..", "io.shaozi.core.server..")
                .check(CLASSES);
    }
}
