package com.companion.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The inference node stands alone: no other service's code, and the engine knows no web layer. */
@AnalyzeClasses(
    packages = "com.companion.inference",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noOtherService =
      ArchitectureRules.importsNoOtherService("com.companion.inference");

  @ArchTest
  static final ArchRule engineKnowsNoWeb =
      noClasses()
          .that()
          .resideInAnyPackage("com.companion.inference.engine..", "com.companion.inference.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "org.springframework.http..");

  @ArchTest
  static final ArchRule internalStaysInItsFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.inference");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.inference");
}
