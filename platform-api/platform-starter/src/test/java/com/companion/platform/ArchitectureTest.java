package com.companion.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What every service runs must not know any service. */
@AnalyzeClasses(
    packages = "com.companion.platform",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noServiceCode =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.companion.character..",
              "com.companion.chat..",
              "com.companion.safety..",
              "com.companion.gateway..",
              "com.companion.inference..",
              "com.companion.edge..",
              "com.companion.identity..",
              "com.companion.analytics..");

  @ArchTest
  static final ArchRule internalStaysInItsFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.platform");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.platform");
}
