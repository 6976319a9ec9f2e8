package com.companion.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The classes checked are this service's and the safety-engine library's together: the library
 * keeps the package names of the features it came from ({@code lexicon}, {@code policy}, ...), so a
 * feature here is its library part and its service part, and both count for the feature rules.
 */
class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.safety");

  /**
   * The safety-engine library's packages are under this service's root, so they need no exception.
   */
  @Test
  void noOtherServiceIsImported() {
    ArchitectureRules.importsNoOtherService("com.companion.safety").check(classes);
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
        .resideInAnyPackage(
            "com.companion.safety.normalize..",
            "com.companion.safety.classifier..",
            "com.companion.safety.moderation..",
            "com.companion.safety.scoring..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.companion.safety.review..",
            "com.companion.safety.policy..")
        .check(classes);
  }

  /**
   * Other features use a feature's public classes, never its {@code internal} package: the
   * classifier's feature hashing is reached through {@code TextClassifier}.
   */
  @Test
  void internalPackagesStayInTheirFeature() {
    ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.safety").check(classes);
  }

  /**
   * Features depend on each other in one direction, from {@code moderation} (the categories and
   * actions) and {@code normalize} up to the HTTP features; see the README's Layout.
   */
  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noCyclesBetweenFeatures("com.companion.safety").check(classes);
  }
}
