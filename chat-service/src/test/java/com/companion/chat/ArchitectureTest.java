package com.companion.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.chat");

  /**
   * The shared safety engine (platform-api/safety-engine) keeps the packages its classes had in
   * safety-filter; it is a library, not the service, so its packages are the one exception.
   */
  private static final String[] SAFETY_ENGINE = {
    "com.companion.safety.classifier",
    "com.companion.safety.engine",
    "com.companion.safety.lexicon",
    "com.companion.safety.moderation",
    "com.companion.safety.normalize",
    "com.companion.safety.policy",
    "com.companion.safety.scoring",
    "com.companion.safety.stream"
  };

  @Test
  void noOtherServiceIsImported() {
    ArchitectureRules.importsNoOtherService("com.companion.chat", SAFETY_ENGINE).check(CLASSES);
  }

  @Test
  void controllersDoNotTouchSql() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void neighboursAreReachedOnlyThroughTheirInterfaces() {
    classes()
        .that()
        .resideInAnyPackage("..catalog.internal..", "..model.internal..", "..safety.internal..")
        .should()
        .onlyBeAccessed()
        .byClassesThat()
        .resideInAnyPackage("..catalog..", "..model..", "..safety..", "com.companion.chat")
        .check(CLASSES);
  }

  /**
   * Other features use a feature's public classes, never its {@code internal} package: the turn,
   * memory and feedback reach conversations through {@code conversation.Conversations}.
   */
  @Test
  void internalPackagesStayInTheirFeature() {
    ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.chat").check(CLASSES);
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noCyclesBetweenFeatures("com.companion.chat").check(CLASSES);
  }
}
