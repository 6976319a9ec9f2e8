package com.companion.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The model knows nothing of serving, the engine nothing of HTTP, and its machinery stays inside.
 */
class LayeringTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.inference");

  @Test
  void theModelDoesNotDependOnTheEngineOrTheWeb() {
    noClasses()
        .that()
        .resideInAPackage("..inference.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..inference.engine..", "..inference.generate..", "..inference.node..")
        .check(CLASSES);
  }

  @Test
  void theEngineDoesNotDependOnTheWeb() {
    noClasses()
        .that()
        .resideInAPackage("..inference.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..inference.generate..", "..inference.node..", "org.springframework..")
        .check(CLASSES);
  }

  @Test
  void onlyTheEngineReachesItsInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..inference.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..inference.engine.internal..")
        .check(CLASSES);
  }
}
