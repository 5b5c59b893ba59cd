package dev.visiongateway.delivery;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of docs/ARCHITECTURE.md section 4, enforced: each package imports only the packages below it, and no
 * two packages depend on each other in a circle.
 */
class LayeringTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.visiongateway");

    @Test
    void noPackageCycles() {
        slices().matching("dev.visiongateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void dependenciesPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("dev.visiongateway.api..", "dev.visiongateway.playground..")
                .layer("access").definedBy("dev.visiongateway.access..")
                .layer("answers").definedBy("dev.visiongateway.answers..")
                .layer("router").definedBy("dev.visiongateway.upstream..")
                .layer("local engine").definedBy("dev.visiongateway.local..")
                .layer("openai wire").definedBy("dev.visiongateway.openai..")
                .layer("domain").definedBy("dev.visiongateway.vision..")
                .layer("catalog").definedBy("dev.visiongateway.catalog..")
                .layer("images").definedBy("dev.visiongateway.image..")
                .layer("problems").definedBy("dev.visiongateway.problem..")
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("access").mayOnlyBeAccessedByLayers("web")
                .whereLayer("answers").mayOnlyBeAccessedByLayers("web")
                .whereLayer("router").mayOnlyBeAccessedByLayers("web")
                .whereLayer("local engine").mayOnlyBeAccessedByLayers("web")
                .whereLayer("openai wire").mayOnlyBeAccessedByLayers("router", "web")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("web", "access", "answers", "router", "local engine",
                        "openai wire")
                .whereLayer("catalog").mayOnlyBeAccessedByLayers("web", "access", "router", "local engine", "domain")
                .whereLayer("images").mayOnlyBeAccessedByLayers("web", "access", "answers", "router", "local engine",
                        "openai wire", "domain")
                .whereLayer("problems").mayOnlyBeAccessedByLayers("web", "access", "answers", "router", "local engine",
                        "openai wire", "domain", "catalog", "images")
                .check(GATEWAY);
    }
}
