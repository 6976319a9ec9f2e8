package com.companion.character;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.web.bind.annotation.RestController;

@AnalyzeClasses(
    packages = "com.companion.character",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceCode =
      ArchitectureRules.importsNoOtherService("com.companion.character");

  @ArchTest
  static final ArchRule controllersDoNotTouchJdbc =
      noClasses()
          .that()
          .areAnnotatedWith(RestController.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
          .orShould()
          .dependOnClassesThat()
          .haveSimpleNameEndingWith("Repository");

  @ArchTest
  static final ArchRule cardFormatIsIndependentOfTheWebAndDatabase =
      noClasses()
          .that()
          .resideInAPackage("com.companion.character.card..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.jdbc..",
              "org.springframework.web..",
              "com.companion.character.character..");

  /** A feature's {@code internal} machinery is reached only from that feature. */
  @ArchTest
  static final ArchRule internalStaysInItsFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.character");

  /** Features depend on each other in one direction only. */
  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.character");
}
