package com.companion.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature rules of {@code ArchitectureRules} (a feature's {@code internal} reached only from
 * it, no cycles between features) are not checked here: this service shares its package names with
 * safety-engine, whose own classes already break both ({@code lexicon} and {@code moderation} use
 * each other, and {@code moderation.ModerationEngine} calls {@code classifier.internal}).
 */
class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.safety");

  @Test
  void noOtherServiceIsImported() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.companion.character..",
            "com.companion.chat..",
            "com.companion.gateway..",
            "com.companion.inference..",
            "com.companion.edge..")
        .check(classes);
  }

  @Test
  void controllersDoNotTouchSql() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(classes);
  }

  @Test
  void theModerationCoreDoesNotDependOnTheWebOrTheDatabase() {
    noClasses()
        .that()
        .resideInAnyPackage("com.companion.safety.normalize..", "com.companion.safety.classifier..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.companion.safety.review..",
            "com.companion.safety.policy..")
        .check(classes);
  }
}
