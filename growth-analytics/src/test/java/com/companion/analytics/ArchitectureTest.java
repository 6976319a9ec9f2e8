package com.companion.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "com.companion.analytics",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceIsImported =
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
              "com.companion.identity..");

  @ArchTest
  static final ArchRule internalPackagesStayInTheirFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.analytics");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.analytics");
}
